package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One container on one host, as its agent last reported it. */
@Entity
@Table(name = "host_container")
@IdClass(HostContainer.Key.class)
public class HostContainer extends PanacheEntityBase {
  /** The primary key: host and container id. */
  public record Key(UUID hostId, String containerId) implements Serializable {
    /** For JPA. */
    public Key() {
      this(null, null);
    }
  }

  @Id public UUID hostId;
  @Id public String containerId;
  public String name;
  public String image;
  public String imageId;
  public String command;
  public String state;
  public String status;
  public String health;
  public Instant createdAt;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode ports;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode labels;
  public Instant reportedAt;
}
