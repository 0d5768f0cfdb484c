package dev.berth.control.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One image build in a host's build history (table {@code build}, V12). */
@Entity
@Table(name = "build")
public class Build extends PanacheEntityBase {
  /** The build is going on. */
  public static final String RUNNING = "running";
  /** The build made its image (and tagged it). */
  public static final String SUCCEEDED = "succeeded";
  /** The build stopped at an error (a failing step, a bad Dockerfile, the host went away). */
  public static final String FAILED = "failed";

  @Id public UUID id;
  public String hostName;
  public String startedBy;
  public Instant startedAt;
  public Instant finishedAt;
  public Long durationMs;
  /** The tags asked for, a JSON array of strings. */
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode tags;
  /** The build args given, a JSON object of strings. */
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode buildArgs;
  /** The path of the Dockerfile in the context. */
  public String dockerfile;
  public String state;
  public String imageId;
  public String error;
  /** The last {@link BuildOutput#TAIL_CHARS} characters of the output. */
  public String outputTail;
  /** The control-plane replica that runs (or ran) the build. */
  public String replica;
}
