package dev.berth.control.operation;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One operation on several hosts at once. Its per-host work is its child jobs
 * ({@code job.operation_id}), which carry each host's state, progress and result; the operation's
 * own state is derived from theirs ({@link OperationState}).
 */
@Entity
@Table(name = "fleet_operation")
public class FleetOperation extends PanacheEntityBase {
  @Id public UUID id;
  /** The {@link OperationKind}'s wire name. */
  public String kind;
  /** The parameters as checked (what each host's job got, before any per-host detail). */
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode params;
  /** The target as asked for: {@code {"hosts": [...]}}, {@code {"selector": "..."}} or {@code {"all": true}}. */
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode target;
  public String createdBy;
  public Instant createdAt;
  public Instant deadline;
  public Instant cancelledAt;
  /** Hosts the target matched but the operation left out, with why: {@code [{"host", "reason"}]}. */
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode skipped;
}
