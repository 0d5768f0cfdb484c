package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Appends to the audit trail, in a transaction of its own so failed actions are recorded too. */
@ApplicationScoped
public class AuditLog {
  /** Records an action and its outcome ({@code ok} or the error). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(String actor, String source, String action, String target, JsonNode details, String outcome) {
    AuditEntry entry = new AuditEntry();
    entry.at = Instant.now();
    entry.actor = actor;
    entry.source = source;
    entry.action = action;
    entry.target = target;
    entry.details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    entry.outcome = outcome;
    entry.persist();
  }
}
