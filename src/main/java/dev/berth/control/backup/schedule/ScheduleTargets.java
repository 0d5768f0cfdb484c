package dev.berth.control.backup.schedule;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import dev.berth.control.inventory.HostVolume;
import dev.berth.control.inventory.LabelSelector;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The volumes a schedule backs up: its host (by name), or every host with its label; its volume,
 * or every volume the inventory knows on each of those hosts.
 */
@ApplicationScoped
public class ScheduleTargets {
  /** One volume of one host. */
  public record Target(String host, String volume) {}

  /** The schedule's volumes now; 404 when its host is unknown. */
  List<Target> resolve(BackupSchedule schedule) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<Host> hosts;
      if (schedule.hostName != null) {
        hosts = List.of(Host.findByRef(schedule.hostName)
            .orElseThrow(() -> ApiProblem.notFound("no such host: " + schedule.hostName)));
      } else {
        LabelSelector selector = LabelSelector.parse(schedule.hostLabel);
        hosts = Host.<Host>listAll(Sort.ascending("name")).stream().filter(h -> selector.matches(h.labels)).toList();
      }
      List<Target> targets = new ArrayList<>();
      for (Host host : hosts) {
        if (schedule.volume != null) {
          targets.add(new Target(host.name, schedule.volume));
        } else {
          HostVolume.<HostVolume>list("hostId", Sort.ascending("name"), host.id)
              .forEach(v -> targets.add(new Target(host.name, v.name)));
        }
      }
      return targets;
    });
  }

  /** What the schedule targets, in words. */
  String describe(BackupSchedule schedule) {
    return (schedule.volume == null ? "every volume" : "volume " + schedule.volume) + " of "
        + (schedule.hostName != null ? "host " + schedule.hostName : "hosts labelled " + schedule.hostLabel);
  }
}
