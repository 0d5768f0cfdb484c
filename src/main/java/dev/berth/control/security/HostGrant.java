package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One host (by name) or group of hosts (by a {@code key=value} label) an operator may manage.
 * An operator without grants manages every host.
 */
@Entity
@Table(name = "user_host_grant")
public class HostGrant extends PanacheEntityBase {
  @Id public UUID id;
  @ManyToOne(optional = false) public User user;
  public String hostName;
  public String hostLabel;
  public Instant createdAt;

  /** Whether this grant covers the host with this name and labels. */
  public boolean covers(String name, JsonNode labels) {
    if (hostName != null) {
      return hostName.equals(name);
    }
    int equals = hostLabel.indexOf('=');
    String key = equals < 0 ? hostLabel : hostLabel.substring(0, equals);
    String value = equals < 0 ? null : hostLabel.substring(equals + 1);
    JsonNode actual = labels == null ? null : labels.get(key);
    return actual != null && (value == null || value.equals(actual.asText()));
  }

  /** How the API shows it: {@code {"host": ...}} or {@code {"label": ...}}. */
  public String describe() {
    return hostName != null ? "host " + hostName : "label " + hostLabel;
  }
}
