package dev.berth.control.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.fleet.Host;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Work for one host's agent, persisted before it is dispatched so that it survives restarts of
 * either end; the agent runs each job id at most once.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
  @Id public UUID id;
  @ManyToOne(optional = false) public Host host;
  public String kind;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode params;
  public JobState state;
  public String createdBy;
  public Instant createdAt;
  public Instant startedAt;
  public Instant finishedAt;
  public Instant deadline;
  public Integer progress;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode result;
  public String error;
  /** The fleet operation this job is one host's part of, or null. */
  public UUID operationId;
}
