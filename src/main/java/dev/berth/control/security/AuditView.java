package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An audit entry as {@code /api/v1/audit} shows it. */
public record AuditView(long id, Instant at, String user, String source, String channel, String host,
                        String action, String target, JsonNode parameters, String outcome) {
  /** The view of an entry. */
  public static AuditView of(AuditEntry entry) {
    return new AuditView(entry.id, entry.at, entry.actor, entry.source, entry.channel, entry.host, entry.action,
        entry.target, entry.details, entry.outcome);
  }
}
