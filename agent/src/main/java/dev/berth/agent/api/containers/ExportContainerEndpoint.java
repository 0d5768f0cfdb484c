package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.containerfs.ContainerExport;
import dev.berth.agent.runtime.ContainerFilesystem;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /containers/{id}/export}: the container's root filesystem as an uncompressed tar
 * ({@code application/x-tar}), running or not. A failure before the first byte is a plain error
 * answer; after it, the stream just ends short, as with dockerd.
 */
public final class ExportContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Exports containers of {@code containers}. */
  public ExportContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ContainerFilesystem container = ContainerErrors.on(() -> containers.filesystem(pathVariables.get("id")));
    StreamedBody body = new StreamedBody(response, 200, "application/x-tar");
    try {
      ContainerExport.write(container, body);
    } catch (IOException | RuntimeException e) {
      if (!body.started()) {
        throw ContainerErrors.of(e, null);
      }
      throw e;
    }
    body.close();
    containers.events().publish(container.container(), EventAction.EXPORT);
  }
}
