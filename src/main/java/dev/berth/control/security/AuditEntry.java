package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One recorded action: who did what to which object, from where, with which outcome. Never updated. */
@Entity
@Immutable
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {
  @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
  public Instant at;
  public String actor;
  public String source;
  public String action;
  public String target;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode details;
  public String outcome;
  /** Where it came in: dashboard, api, docker, enrollment or login. */
  public String channel;
  /** The host it concerned, if any. */
  public String host;
}
