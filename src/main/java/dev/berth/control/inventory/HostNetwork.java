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

/** One network on one host, as its agent last reported it. */
@Entity
@Table(name = "host_network")
@IdClass(HostNetwork.Key.class)
public class HostNetwork extends PanacheEntityBase {
  /** The primary key: host and network id. */
  public record Key(UUID hostId, String networkId) implements Serializable {
    /** For JPA. */
    public Key() {
      this(null, null);
    }
  }

  @Id public UUID hostId;
  @Id public String networkId;
  public String name;
  public String driver;
  public String scope;
  public String subnet;
  public String gateway;
  public boolean internal;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode labels;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode containers;
  public Instant createdAt;
  public Instant reportedAt;
}
