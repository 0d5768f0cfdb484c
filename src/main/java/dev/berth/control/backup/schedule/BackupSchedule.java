package dev.berth.control.backup.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A backup schedule: which volumes (of a host by name or of every host with a label; one volume
 * or all), how ({@code mode}), when ({@code cron}, UTC) and what to keep afterwards; the outcome
 * of its last run.
 */
@Entity
@Table(name = "backup_schedule")
public class BackupSchedule extends PanacheEntityBase {
  @Id public UUID id;
  public String hostName;
  public String hostLabel;
  /** Null: every volume of the host. */
  public String volume;
  public String mode;
  public String cron;
  public int keepLast;
  public int keepDaily;
  public int keepWeekly;
  public Instant createdAt;
  public String createdBy;
  public Instant nextRunAt;
  public Instant lastRunAt;
  public UUID lastJobId;
  public String lastState;
  public String lastError;
  /** Backups of the current run not finished yet. */
  public int pending;
}
