package dev.berth.agent.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.AgentVersion;
import dev.berth.agent.host.HostFacts;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /version}: the engine and its components, in Docker's SystemVersion shape. */
public final class VersionEndpoint implements DockerEndpoint {

  private final Supplier<HostFacts> facts;

  /** Returns the endpoint describing the host given by {@code facts}. */
  public VersionEndpoint(Supplier<HostFacts> facts) {
    this.facts = facts;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    HostFacts host = facts.get();
    ObjectNode version = JsonReply.object();
    version.putObject("Platform").put("Name", EngineDescription.PLATFORM_NAME);
    ArrayNode components = version.putArray("Components");
    ObjectNode engine = components.addObject();
    engine.put("Name", "Engine");
    engine.put("Version", EngineDescription.version());
    engine.putObject("Details")
        .put("ApiVersion", DockerApiVersion.CURRENT)
        .put("Arch", host.architecture())
        .put("BuildTime", AgentVersion.buildTime())
        .put("Experimental", "false")
        .put("GitCommit", AgentVersion.gitCommit())
        .put("GoVersion", EngineDescription.runtimeVersion())
        .put("KernelVersion", host.kernelVersion())
        .put("MinAPIVersion", DockerApiVersion.MINIMUM)
        .put("Os", "linux");
    addTool(components, "runc", host.runcVersion());
    addTool(components, "conmon", host.conmonVersion());
    version.put("Version", EngineDescription.version());
    version.put("ApiVersion", DockerApiVersion.CURRENT);
    version.put("MinAPIVersion", DockerApiVersion.MINIMUM);
    version.put("GitCommit", AgentVersion.gitCommit());
    version.put("GoVersion", EngineDescription.runtimeVersion());
    version.put("Os", "linux");
    version.put("Arch", host.architecture());
    version.put("KernelVersion", host.kernelVersion());
    version.put("BuildTime", AgentVersion.buildTime());
    JsonReply.send(response, 200, version);
  }

  /** Lists a host tool the engine drives, when it is installed. */
  private static void addTool(ArrayNode components, String name, String versionLine) {
    if (versionLine == null) {
      return;
    }
    ObjectNode tool = components.addObject();
    tool.put("Name", name);
    tool.put("Version", EngineDescription.versionNumber(versionLine));
  }
}
