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

/** One image on one host, as its agent last reported it. */
@Entity
@Table(name = "host_image")
@IdClass(HostImage.Key.class)
public class HostImage extends PanacheEntityBase {
  /** The primary key: host and image id. */
  public record Key(UUID hostId, String imageId) implements Serializable {
    /** For JPA. */
    public Key() {
      this(null, null);
    }
  }

  @Id public UUID hostId;
  @Id public String imageId;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode repoTags;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode repoDigests;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode labels;
  public long sizeBytes;
  public Instant createdAt;
  public int containers;
  public boolean dangling;
  public Instant reportedAt;
}
