package dev.berth.agent.image.json;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The image config's {@code config} object: the defaults a container of the image runs with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ContainerConfig {
  /** User (name or uid, optionally :group). */
  @JsonProperty("User") public String user;
  /** Ports, as keys "80/tcp" with empty objects. */
  @JsonProperty("ExposedPorts") public Map<String, Map<String, Object>> exposedPorts;
  /** Environment, "KEY=value". */
  @JsonProperty("Env") public List<String> env;
  /** Entrypoint. */
  @JsonProperty("Entrypoint") public List<String> entrypoint;
  /** Default command. */
  @JsonProperty("Cmd") public List<String> cmd;
  /** Volume mount points, as keys with empty objects. */
  @JsonProperty("Volumes") public Map<String, Map<String, Object>> volumes;
  /** Working directory. */
  @JsonProperty("WorkingDir") public String workingDir;
  /** Labels. */
  @JsonProperty("Labels") public Map<String, String> labels;
  /** Signal that stops the container, e.g. SIGTERM. */
  @JsonProperty("StopSignal") public String stopSignal;
  /** Docker: shell for shell-form instructions. */
  @JsonProperty("Shell") public List<String> shell;
  /** Docker: ONBUILD triggers. */
  @JsonProperty("OnBuild") public List<String> onBuild;
  /** Docker: health check, kept as it came. */
  @JsonProperty("Healthcheck") public Map<String, Object> healthcheck;
  /** Windows-only flag Docker writes. */
  @JsonProperty("ArgsEscaped") public Boolean argsEscaped;

  private final Map<String, Object> other = new LinkedHashMap<>();

  /** Fields this class does not model, kept as they came. */
  @JsonAnyGetter
  public Map<String, Object> other() {
    return other;
  }

  /** Keeps a field this class does not model. */
  @JsonAnySetter
  public void other(String name, Object value) {
    other.put(name, value);
  }
}
