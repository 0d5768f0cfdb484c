package dev.berth.control.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One volume backup in the catalog; its archive is {@link BackupStore#file}. Its id is the job's that made it. */
@Entity
@Table(name = "backup")
public class Backup extends PanacheEntityBase {
  @Id public UUID id;
  public String hostName;
  public String volume;
  @JdbcTypeCode(SqlTypes.JSON) public JsonNode labels;
  public Long size;
  public Long files;
  public long archiveBytes;
  public String sha256;
  public String mode;
  public String format;
  public String berthVersion;
  /** {@code backup} (made from a host's volume) or {@code upload}. */
  public String source;
  public UUID scheduleId;
  /** Shared by the backups of one container's volumes made together. */
  public UUID groupId;
  public Instant createdAt;
}
