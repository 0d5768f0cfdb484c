package dev.berth.control.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.api.ApiProblem;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/audit}: the audit trail, filtered by user, host, action and time range (admins
 * only). {@code ?format=jsonl} exports it as JSON lines, oldest first.
 */
@Path("/api/v1/audit")
public class AuditResource {
  /** Media type of the export. */
  public static final String JSON_LINES = "application/jsonl";

  @Inject ObjectMapper json;

  /** Entries, newest first (JSON), or oldest first (JSON lines). */
  @GET
  @Transactional
  public Response list(@QueryParam("user") String user, @QueryParam("host") String host,
                       @QueryParam("action") String action, @QueryParam("since") String since,
                       @QueryParam("until") String until, @QueryParam("limit") Integer limit,
                       @QueryParam("format") @DefaultValue("json") String format) {
    AuditQuery query = AuditQuery.of(user, host, action, since, until);
    switch (format) {
      case "json" -> {
        List<AuditView> entries = query.run(limit == null ? 100 : limit, false).stream().map(AuditView::of).toList();
        return Response.ok(entries, MediaType.APPLICATION_JSON).build();
      }
      case "jsonl" -> {
        String lines = query.run(limit == null ? AuditQuery.MOST : limit, true).stream()
            .map(entry -> line(AuditView.of(entry))).collect(Collectors.joining());
        return Response.ok(lines, JSON_LINES)
            .header("Content-Disposition", "attachment; filename=\"berth-audit.jsonl\"").build();
      }
      default -> throw ApiProblem.badRequest("format must be json or jsonl");
    }
  }

  private String line(AuditView view) {
    try {
      return json.writeValueAsString(view) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
