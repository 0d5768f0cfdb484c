package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.api.QueryValues;
import io.quarkus.panache.common.Parameters;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A search of the audit trail, as {@code /api/v1/audit} and the Audit page take it: by user,
 * host, action (a prefix: {@code docker} finds every Docker API call) and time range.
 *
 * @param user the actor, exactly
 * @param host the host, exactly
 * @param action the start of the action
 * @param since entries at or after (ISO-8601)
 * @param until entries before (ISO-8601)
 */
public record AuditQuery(String user, String host, String action, Instant since, Instant until) {
  /** The most entries one answer holds. */
  public static final int MOST = 100_000;

  /** A query from request parameters (blank ones ignored). */
  public static AuditQuery of(String user, String host, String action, String since, String until) {
    return new AuditQuery(QueryValues.given(user), QueryValues.given(host), QueryValues.given(action),
        instant("since", since), instant("until", until));
  }

  /** Matching entries: newest first, or oldest first for an export. */
  public List<AuditEntry> run(int limit, boolean oldestFirst) {
    if (limit < 1 || limit > MOST) {
      throw ApiProblem.badRequest("limit must be between 1 and " + MOST);
    }
    List<String> where = new ArrayList<>();
    Parameters parameters = new Parameters();
    if (user != null) {
      where.add("actor = :user");
      parameters.and("user", user);
    }
    if (host != null) {
      where.add("host = :host");
      parameters.and("host", host);
    }
    if (action != null) {
      where.add("action like :action escape '\\'");
      parameters.and("action", action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (since != null) {
      where.add("at >= :since");
      parameters.and("since", since);
    }
    if (until != null) {
      where.add("at < :until");
      parameters.and("until", until);
    }
    String query = (where.isEmpty() ? "1 = 1" : String.join(" and ", where))
        + " order by at " + (oldestFirst ? "asc" : "desc") + ", id " + (oldestFirst ? "asc" : "desc");
    return AuditEntry.<AuditEntry>find(query, parameters).page(0, limit).list();
  }

  private static Instant instant(String name, String value) {
    if (QueryValues.given(value) == null) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z: " + value);
    }
  }
}
