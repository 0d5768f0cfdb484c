package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.database.RelaxedCommit;
import dev.berth.link.message.InventoryReport;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hosts' load over the last {@link #WINDOW}: records each agent's {@code host-stats} report (time
 * stamped by the control plane, so agents' clocks do not matter) and answers the dashboard's
 * questions: each host's latest sample, one host's samples in order.
 */
@ApplicationScoped
public class HostStats {
  /** How far back samples are kept and charted. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  @Inject Event<HostStatsChanged> changes;

  void onReport(@Observes AgentReport report) {
    if (report.message() instanceof InventoryReport stats && InventoryReport.HOST_STATS.equals(stats.kind())
        && stats.items() != null && stats.items().isObject()) {
      record(report.session().hostId(), stats.items(), Instant.now());
    }
  }

  /** Records {@code sample} (as the agent reports it) of host {@code hostId} taken at {@code at}, forgetting samples out of the window. */
  @Transactional
  public void record(UUID hostId, JsonNode sample, Instant at) {
    RelaxedCommit.forThisTransaction();
    HostStatSample row = new HostStatSample();
    row.hostId = hostId;
    row.sampledAt = at;
    row.cpuPercent = Math.max(0, sample.path("cpuPercent").asDouble());
    row.memoryUsedBytes = sample.path("memoryUsedBytes").asLong(-1);
    row.memoryTotalBytes = sample.path("memoryTotalBytes").asLong(-1);
    row.diskUsedBytes = sample.path("diskUsedBytes").asLong(-1);
    row.diskTotalBytes = sample.path("diskTotalBytes").asLong(-1);
    row.netReceivedPerSecond = Math.max(0, sample.path("netReceivedPerSecond").asLong());
    row.netSentPerSecond = Math.max(0, sample.path("netSentPerSecond").asLong());
    row.blockReadPerSecond = Math.max(0, sample.path("blockReadPerSecond").asLong());
    row.blockWrittenPerSecond = Math.max(0, sample.path("blockWrittenPerSecond").asLong());
    HostStatSample.delete("hostId = ?1 and sampledAt < ?2", hostId, at.minus(WINDOW));
    if (HostStatSample.count("hostId = ?1 and sampledAt = ?2", hostId, at) == 0) {
      row.persist();
    }
    changes.fire(new HostStatsChanged(hostId));
  }

  /** Each host's latest sample within the window, by host id (hosts without one are absent). */
  public Map<UUID, HostStatSample> latest() {
    List<HostStatSample> newest = HostStatSample.getEntityManager().createQuery(
        "from HostStatSample s where s.sampledAt = (select max(t.sampledAt) from HostStatSample t where t.hostId = s.hostId)"
            + " and s.sampledAt >= ?1", HostStatSample.class)
        .setParameter(1, Instant.now().minus(WINDOW)).getResultList();
    return newest.stream().collect(Collectors.toMap(s -> s.hostId, Function.identity(), (a, b) -> a));
  }

  /** Host {@code hostId}'s samples within the window, oldest first. */
  public List<HostStatSample> recent(UUID hostId) {
    return HostStatSample.list("hostId = ?1 and sampledAt >= ?2", Sort.by("sampledAt"), hostId, Instant.now().minus(WINDOW));
  }
}
