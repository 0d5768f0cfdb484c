package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A machine of the fleet, with the facts its agent reported and whether its link is up. */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {
  /** Host names: what the Docker API path and the CLI accept. */
  public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

  @Id public UUID id;
  public String name;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode labels;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode facts;
  public boolean online;
  public String linkReplica;
  public Instant connectedAt;
  /** The address the agent's link last connected from, or null. */
  public String linkAddress;
  public Instant lastSeenAt;
  public Instant createdAt;
  /** Host path prefixes people other than admins may bind into containers; null: not limited. */
  @JdbcTypeCode(SqlTypes.JSON) public List<String> allowedBindPrefixes;
  /** Serial (hex) of the client certificate Berth's CA issued the host's agent; null for hosts enrolled before. */
  public String certSerial;
  /** SHA-256 fingerprint (hex) of that certificate (the latest; all are in {@link HostCertificate}). */
  public String certFingerprint;
  /** When that certificate expires. */
  public Instant certNotAfter;

  /**
   * Where the host's published ports are reached: the {@code address} its facts name, else the
   * address its link connects from (null when neither is known).
   */
  public String publishedAddress() {
    JsonNode address = facts == null ? null : facts.get("address");
    return address != null && address.isTextual() && !address.asText().isBlank() ? address.asText() : linkAddress;
  }

  /** The host whose agent holds the unexpired, unrevoked certificate with this fingerprint, if any. */
  public static Optional<Host> findByCertificate(String fingerprint) {
    return HostCertificate.findUsable(fingerprint).map(certificate -> certificate.host);
  }

  /** The host with this name, if any. */
  public static Optional<Host> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  /** The host named or identified by {@code ref} (a name or a UUID). */
  public static Optional<Host> findByRef(String ref) {
    Optional<Host> byName = findByName(ref);
    if (byName.isPresent()) {
      return byName;
    }
    try {
      return findByIdOptional(UUID.fromString(ref));
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }
}
