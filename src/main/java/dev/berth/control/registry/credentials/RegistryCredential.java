package dev.berth.control.registry.credentials;

import dev.berth.control.fleet.Host;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A username and sealed secret ({@link SecretBox}) for an external registry, for one host or
 * (host null) the whole fleet.
 */
@Entity
@Table(name = "registry_credential")
public class RegistryCredential extends PanacheEntityBase {
  @Id public UUID id;
  /** The registry as image references name it: {@code host[:port]}, Docker Hub as {@code docker.io}. */
  public String registry;
  /** The host these credentials are for; null: every host. */
  @ManyToOne
  @JoinColumn(name = "host_id")
  public Host host;
  public String username;
  public byte[] secret;
  public Instant createdAt;
  public Instant updatedAt;
}
