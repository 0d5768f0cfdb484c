package dev.berth.control.fleet;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * One report of a host's load (kind {@code host-stats}): CPU, memory, the data root's disk, and
 * network and block I/O per second since the agent's previous report. Kept for {@link HostStats#WINDOW}.
 */
@Entity
@Table(name = "host_stat_sample")
@IdClass(HostStatSample.Key.class)
public class HostStatSample extends PanacheEntityBase {
  /** The primary key: host and time of the report. */
  public record Key(UUID hostId, Instant sampledAt) implements Serializable {
    /** For JPA. */
    public Key() {
      this(null, null);
    }
  }

  @Id public UUID hostId;
  @Id public Instant sampledAt;
  public double cpuPercent;
  public long memoryUsedBytes;
  public long memoryTotalBytes;
  public long diskUsedBytes;
  public long diskTotalBytes;
  public long netReceivedPerSecond;
  public long netSentPerSecond;
  public long blockReadPerSecond;
  public long blockWrittenPerSecond;

  /** Memory in use, in % of the host's (0 when unknown). */
  public double memoryPercent() {
    return percent(memoryUsedBytes, memoryTotalBytes);
  }

  /** The data root's file system in use, in % of its size (0 when unknown). */
  public double diskPercent() {
    return percent(diskUsedBytes, diskTotalBytes);
  }

  private static double percent(long used, long total) {
    return total > 0 && used >= 0 ? used * 100.0 / total : 0;
  }
}
