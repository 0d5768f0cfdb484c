package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerExecs;
import java.io.IOException;
import java.util.Map;

/** {@code POST /exec/{id}/resize?h=&w=}: the terminal of a running {@code docker exec -t} takes the client's size. */
public final class ResizeExecEndpoint implements DockerEndpoint {
  private final ContainerExecs execs;

  /** Resizes the terminals of sessions of {@code execs}. */
  public ResizeExecEndpoint(ContainerExecs execs) {
    this.execs = execs;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    int rows = ResizeContainerEndpoint.dimension(request, "h");
    int columns = ResizeContainerEndpoint.dimension(request, "w");
    ExecErrors.on(() -> {
      execs.resize(pathVariables.get("id"), rows, columns);
      return null;
    });
    JsonReply.empty(response, 200);
  }
}
