package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerStatus;
import dev.berth.agent.runtime.Health;
import dev.berth.agent.runtime.HealthResult;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** {@code GET /containers/{id}/json}: API 1.47's ContainerJSON shape . */
final class ContainerInspectJson {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private ContainerInspectJson() {}

  /** The inspect answer of {@code container}; sizes only when {@code size}. */
  static ObjectNode of(Container container, ContainerViews views, boolean size) throws IOException {
    List<String> argv = views.argv(container);
    ObjectNode json = JsonReply.object();
    json.put("Id", container.id());
    json.put("Created", DockerTime.rfc3339Nano(container.created()));
    json.put("Path", argv.isEmpty() ? "" : argv.get(0));
    ArrayNode args = json.putArray("Args");
    argv.stream().skip(1).forEach(args::add);
    json.set("State", state(container, views));
    json.put("Image", container.imageId());
    json.put("ResolvConfPath", views.etcFile(container, "resolv.conf")).put("HostnamePath", views.etcFile(container,
        "hostname")).put("HostsPath", views.etcFile(container, "hosts"));
    json.put("LogPath", container.logPath());
    json.put("Name", "/" + container.name());
    json.put("RestartCount", container.restartCount());
    json.put("Driver", "overlay2");
    json.put("Platform", "linux");
    json.put("MountLabel", "").put("ProcessLabel", "").put("AppArmorProfile", "");
    json.putNull("ExecIDs");
    json.set("HostConfig", ContainerConfigJson.hostConfig(container));
    json.putObject("GraphDriver").put("Name", "overlay2").putObject("Data");
    if (size) {
      json.put("SizeRw", views.sizeRw(container)).put("SizeRootFs", views.sizeRootFs(container));
    }
    json.set("Mounts", ContainerMountsJson.mounts(container));
    json.set("Config", ContainerConfigJson.config(container, views.imageConfig(container), argv));
    json.set("NetworkSettings", NetworkSettingsJson.inspect(container, views.endpoint(container),
        views.attachments(container)));
    return json;
  }

  private static ObjectNode state(Container container, ContainerViews views) {
    ObjectNode state = JsonReply.object();
    state.put("Status", container.status().dockerName());
    state.put("Running", container.isActive()); // dockerd's Running is true while restarting
    state.put("Paused", container.status() == ContainerStatus.PAUSED);
    state.put("Restarting", container.status() == ContainerStatus.RESTARTING);
    state.put("OOMKilled", false);
    state.put("Dead", container.status() == ContainerStatus.DEAD);
    state.put("Pid", container.isRunning() ? container.pid() : 0);
    state.put("ExitCode", container.exitCode());
    state.put("Error", "");
    state.put("StartedAt", time(container.startedAt()));
    state.put("FinishedAt", time(container.finishedAt()));
    views.health(container).ifPresent(health -> state.set("Health", health(health)));
    return state;
  }

  // State.Health: {"Status", "FailingStreak", "Log": [{"Start", "End", "ExitCode", "Output"}]}
  private static ObjectNode health(Health health) {
    ObjectNode json = JsonReply.object();
    json.put("Status", health.status().dockerName());
    json.put("FailingStreak", health.failingStreak());
    ArrayNode log = json.putArray("Log");
    for (HealthResult result : health.log()) {
      log.addObject().put("Start", time(result.start())).put("End", time(result.end()))
          .put("ExitCode", result.exitCode()).put("Output", result.output());
    }
    return json;
  }

  private static String time(Instant instant) {
    return instant == null ? ZERO_TIME : DockerTime.rfc3339Nano(instant);
  }
}
