package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Appends to the audit trail, in a transaction of its own so failed actions are recorded too.
 * The table is append-only: nothing here (nor, by a trigger, anything else) updates or deletes.
 */
@ApplicationScoped
public class AuditLog {
  /** Records an action and its outcome ({@code ok} or the error). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(String actor, String source, String action, String target, JsonNode details, String outcome) {
    append(new AuditEvent(actor, source, null, null, action, target, details, outcome));
  }

  /** Records an event. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void append(AuditEvent event) {
    AuditEntry entry = new AuditEntry();
    entry.at = Instant.now();
    entry.actor = event.actor() == null ? "" : event.actor();
    entry.source = event.source();
    entry.channel = event.channel();
    entry.host = event.host();
    entry.action = event.action();
    entry.target = event.target();
    entry.details = event.details() == null ? JsonNodeFactory.instance.objectNode() : event.details();
    entry.outcome = event.outcome();
    entry.persist();
  }
}
