package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One action to record in the audit trail.
 *
 * @param actor who: a username, {@code agent:<host>}, or the name tried at a failed login
 * @param source from where: the client's address
 * @param channel through which interface: {@code dashboard}, {@code api}, {@code docker},
 *     {@code enrollment}, {@code agent} (an agent's own requests, e.g. certificate renewal) or {@code login}
 * @param host the host it concerned, if any
 * @param action what, e.g. {@code POST /api/v1/users} or {@code docker POST /containers/create}
 * @param target the object, e.g. a path, a container, a username
 * @param details the parameters, secrets already redacted ({@link AuditParameters})
 * @param outcome {@code ok}, {@code status <code>} or {@code refused: <why>}
 */
public record AuditEvent(String actor, String source, String channel, String host, String action,
                         String target, JsonNode details, String outcome) {
  /** The outcome for an HTTP status. */
  public static String outcomeOf(int status) {
    return status < 400 ? "ok" : "status " + status;
  }
}
