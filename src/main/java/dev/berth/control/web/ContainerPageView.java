package dev.berth.control.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.inventory.ContainerDetail;
import dev.berth.control.inventory.ContainerView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a container's page shows, read from Docker's inspect answer when the host could be asked,
 * else from the inventory's last report (then without env, mounts and health log).
 *
 * @param live whether it was read from the host just now
 * @param id the full id
 * @param name the name, without Docker's slash
 * @param image the image as the container was made from it
 * @param state Docker's state ({@code running}, {@code exited}…)
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or null without a health check
 * @param status the status text of the last report ("Up 5 minutes") when not live (live, the facts say more), else null
 * @param facts further facts, by label (created, started, exit code, restart policy…)
 * @param command the command, its arguments quoted as a shell would need them
 * @param env the environment, {@code KEY=value}
 * @param mounts the mounts, one line each
 * @param ports the ports, published ones linked where the host's address reaches them
 * @param labels the labels
 * @param healthLog the last health checks, oldest first
 * @param inspect the whole inspect answer, pretty, or null
 */
public record ContainerPageView(boolean live, String id, String name, String image, String state, String health,
                                String status, Map<String, String> facts, String command, List<String> env,
                                List<String> mounts, List<PublishedPort> ports, Map<String, String> labels,
                                List<HealthCheck> healthLog, String inspect) {

  /** One run of the health check. */
  public record HealthCheck(String start, int exitCode, String output) {}

  /** Docker's 12-character short id. */
  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /** Whether its process is alive. */
  public boolean running() {
    return state.equals("running") || state.equals("paused");
  }

  /** The page of {@code detail}, its ports linked to {@code address} (the host's; null when unknown). */
  static ContainerPageView of(ContainerDetail detail, String address) {
    return detail.live() ? live(detail.inspect(), address) : reported(detail.summary(), address);
  }

  private static ContainerPageView live(JsonNode inspect, String address) {
    JsonNode state = inspect.path("State");
    JsonNode config = inspect.path("Config");
    JsonNode hostConfig = inspect.path("HostConfig");
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Created", inspect.path("Created").asText());
    facts.put("Started", time(state.path("StartedAt").asText()));
    facts.put("Finished", time(state.path("FinishedAt").asText()));
    facts.put("Exit code", state.path("ExitCode").asText());
    facts.put("Image ID", inspect.path("Image").asText());
    String restart = hostConfig.path("RestartPolicy").path("Name").asText("");
    int retries = hostConfig.path("RestartPolicy").path("MaximumRetryCount").asInt();
    facts.put("Restart policy", (restart.isEmpty() ? "no" : restart) + (retries > 0 ? " (at most " + retries + " times)" : ""));
    facts.put("Restart count", inspect.path("RestartCount").asText("0"));
    if (hostConfig.path("Memory").asLong() > 0) {
      facts.put("Memory limit", TemplateFormats.bytes(hostConfig.path("Memory").asLong()));
    }
    if (hostConfig.path("NanoCpus").asLong() > 0) {
      facts.put("CPUs", String.valueOf(hostConfig.path("NanoCpus").asLong() / 1e9));
    }
    facts.put("Auto-remove", hostConfig.path("AutoRemove").asBoolean() ? "yes" : "no");
    List<String> command = new ArrayList<>();
    command.add(inspect.path("Path").asText());
    inspect.path("Args").forEach(arg -> command.add(arg.asText()));
    JsonNode health = state.path("Health");
    List<HealthCheck> healthLog = new ArrayList<>();
    health.path("Log").forEach(check -> healthLog.add(
        new HealthCheck(check.path("Start").asText(), check.path("ExitCode").asInt(), check.path("Output").asText())));
    return new ContainerPageView(true, inspect.path("Id").asText(), inspect.path("Name").asText().replaceFirst("^/", ""),
        config.path("Image").asText(), state.path("Status").asText(),
        health.isObject() ? health.path("Status").asText() : null, null, facts,
        shellWords(command), texts(config.path("Env")), mounts(inspect.path("Mounts")),
        PublishedPort.ofInspect(inspect.path("NetworkSettings").path("Ports"), address), strings(config.path("Labels")), healthLog,
        inspect.toPrettyString());
  }

  private static ContainerPageView reported(ContainerView summary, String address) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Created", String.valueOf(summary.createdAt()));
    facts.put("Image ID", summary.imageId());
    facts.put("Reported", String.valueOf(summary.reportedAt()));
    return new ContainerPageView(false, summary.id(), summary.name(), summary.image(), summary.state(), summary.health(),
        summary.status(), facts, summary.command(), List.of(), List.of(),
        PublishedPort.ofSummary(summary.ports(), address), strings(summary.labels()), List.of(), null);
  }

  // Docker's zero time ("0001-01-01T00:00:00Z") means never.
  private static String time(String text) {
    return text.startsWith("0001-") ? "—" : text;
  }

  private static List<String> mounts(JsonNode mounts) {
    List<String> lines = new ArrayList<>();
    mounts.forEach(mount -> lines.add(mount.path("Type").asText() + " "
        + mount.path("Name").asText(mount.path("Source").asText()) + " → " + mount.path("Destination").asText()
        + (mount.path("RW").asBoolean(true) ? "" : " (read-only)")));
    return lines;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new TreeMap<>();
    if (object != null) {
      object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
    }
    return map;
  }

  // sh -c 'echo hi' rather than sh -c echo hi: words with spaces or quotes are quoted.
  private static String shellWords(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String word : words) {
      quoted.add(word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }
}
