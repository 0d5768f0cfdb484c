package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.containerfs.ContainerCopy;
import dev.berth.agent.containerfs.PathStat;
import dev.berth.agent.runtime.ContainerFilesystem;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code HEAD /containers/{id}/archive?path=} (the path's stat in the
 * {@code X-Docker-Container-Path-Stat} header) and {@code GET} (the same header, and the path as
 * an {@code application/x-tar} stream): what {@code docker cp} copies out of a container, running
 * or stopped. See {@link ContainerCopy} for how paths are resolved.
 */
public final class ContainerArchiveEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Serves paths of containers of {@code containers}. */
  public ContainerArchiveEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ArchiveTarget target = ArchiveTarget.of(request, pathVariables);
    ContainerFilesystem container = ContainerErrors.on(() -> containers.filesystem(target.container()));
    try (ContainerCopy copy = ContainerErrors.on(() -> ContainerCopy.open(container))) {
      PathStat stat = ContainerErrors.on(() -> copy.stat(target.path())).orElseThrow(target::notFound);
      Map<String, List<String>> headers = new HashMap<>(PathStatHeader.of(stat));
      if (request.method().equalsIgnoreCase("HEAD")) {
        response.head(200, headers);
        response.body().close();
        return;
      }
      headers.put("Content-Type", List.of("application/x-tar"));
      response.head(200, headers);
      try (OutputStream body = response.body()) {
        copy.archive(target.path(), body);
      }
    }
  }
}
