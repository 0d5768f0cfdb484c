package dev.berth.control.web;

import dev.berth.control.backup.schedule.BackupSchedule;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostSelector;
import dev.berth.control.fleet.HostStatSample;
import dev.berth.control.fleet.HostStats;
import dev.berth.control.fleet.HostView;
import dev.berth.control.inventory.HostContainer;
import dev.berth.control.job.Job;
import dev.berth.control.job.JobState;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The fleet at a glance, for the fleet page: each host with its latest load and its containers
 * counted by state, and what needs someone's attention (offline hosts, unhealthy or restarting
 * containers, jobs and scheduled backups that failed lately). A handful of queries whatever the
 * fleet's size.
 */
@ApplicationScoped
public class FleetGlance {
  /** How far back failed jobs count as alerts. */
  static final Duration RECENT_FAILURES = Duration.ofHours(24);
  /** The most alerts of each kind listed; the linked pages have the rest. */
  static final int MOST_ALERTS = 10;

  @Inject HostStats stats;

  /** One host's row: its view, its latest load (null when none is recent) and its container counts by state. */
  public record HostRow(HostView host, HostStatSample load, Map<String, Long> containers) {
    /** Containers of the host, in every state. */
    public long containerTotal() {
      return containers.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Something to look at: what, and the page where it shows. */
  public record Alert(String text, String link) {}

  /** The hosts {@code selector} picks (all when it is blank), by name. */
  public List<HostRow> hosts(String selector) {
    Map<UUID, HostStatSample> latest = stats.latest();
    Map<UUID, Map<String, Long>> counts = new HashMap<>();
    List<Object[]> rows = HostContainer.getEntityManager().createQuery(
        "select c.hostId, c.state, count(c) from HostContainer c group by c.hostId, c.state", Object[].class).getResultList();
    for (Object[] row : rows) {
      counts.computeIfAbsent((UUID) row[0], id -> new TreeMap<>()).put((String) row[1], (Long) row[2]);
    }
    return HostSelector.hosts(selector).stream()
        .map(h -> new HostRow(HostView.of(h), latest.get(h.id), counts.getOrDefault(h.id, Map.of()))).toList();
  }

  /** What needs attention now, worst first. */
  public List<Alert> alerts(List<HostRow> hosts) {
    List<Alert> alerts = new ArrayList<>();
    Map<UUID, String> names = new HashMap<>();
    for (HostRow row : hosts) {
      names.put(row.host().id(), row.host().name());
      if (!row.host().online()) {
        alerts.add(new Alert("Host " + row.host().name() + " is offline", "/hosts/" + row.host().name()));
      }
    }
    List<HostContainer> troubled = HostContainer.<HostContainer>find("health = 'unhealthy' or state = 'restarting'",
        Sort.by("name")).page(0, MOST_ALERTS).list();
    for (HostContainer c : troubled) {
      String host = names.getOrDefault(c.hostId, "?");
      alerts.add(new Alert("Container " + c.name + " on " + host + " is " + ("restarting".equals(c.state) ? "restarting" : "unhealthy"),
          "/hosts/" + host + "/containers/" + c.containerId));
    }
    List<Job> failed = Job.<Job>find("state in ?1 and finishedAt >= ?2", Sort.descending("finishedAt"),
        List.of(JobState.FAILED, JobState.TIMED_OUT), Instant.now().minus(RECENT_FAILURES)).page(0, MOST_ALERTS).list();
    for (Job job : failed) {
      alerts.add(new Alert("Job " + job.kind + " on " + job.host.name + " " + job.state.wireName().replace('_', ' ')
          + (job.error == null ? "" : ": " + job.error), "/jobs?host=" + job.host.name + "&state=" + job.state.wireName()));
    }
    List<BackupSchedule> schedules = BackupSchedule.<BackupSchedule>find("lastError is not null", Sort.by("hostName"))
        .page(0, MOST_ALERTS).list();
    for (BackupSchedule s : schedules) {
      alerts.add(new Alert("Scheduled backup of " + (s.volume == null ? "every volume" : "volume " + s.volume) + " on "
          + (s.hostName == null ? "hosts labelled " + s.hostLabel : s.hostName) + " failed: " + s.lastError, "/backups"));
    }
    return alerts;
  }
}
