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

/** One volume on one host, as its agent last reported it. */
@Entity
@Table(name = "host_volume")
@IdClass(HostVolume.Key.class)
public class HostVolume extends PanacheEntityBase {
  /** The primary key: host and volume name. */
  public record Key(UUID hostId, String name) implements Serializable {
    /** For JPA. */
    public Key() {
      this(null, null);
    }
  }

  @Id public UUID hostId;
  @Id public String name;
  public String driver;
  public String mountpoint;
  public String scope;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode labels;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode options;
  public Instant createdAt;
  public int containers;
  public Instant reportedAt;
}
