package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.containerfs.ContainerCopy;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.layer.UnsafeLayerException;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerFilesystem;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PUT /containers/{id}/archive?path=&noOverwriteDirNonDir=&copyUIDGID=}: extracts the
 * body (a tar, any compression) into the directory {@code path} of a container, running or
 * stopped; 200 with no body. As dockerd: 404 when the path does not exist, 400 when it is not a
 * directory or the root filesystem is read-only; with {@code copyUIDGID} the files belong to the
 * container's user (if it has one). Entries that would land outside the target are refused
 * with 400 (see {@link ContainerCopy}).
 */
public final class PutContainerArchiveEndpoint implements DockerEndpoint {
  private final ContainerViews views;

  /** Extracts into containers of {@code views}' runtime. */
  PutContainerArchiveEndpoint(ContainerViews views) {
    this.views = views;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ArchiveTarget target = ArchiveTarget.of(request, pathVariables);
    ContainerFilesystem container = ContainerErrors.on(() -> views.containers().filesystem(target.container()));
    Optional<String> owner = request.queryFlag("copyUIDGID") ? user(container.container()) : Optional.empty();
    try (ContainerCopy copy = ContainerErrors.on(() -> ContainerCopy.open(container))) {
      copy.extract(target.path(), request.body(), request.queryFlag("noOverwriteDirNonDir"), owner);
    } catch (NoSuchFileException missing) {
      throw target.notFound();
    } catch (UnsafeLayerException unsafe) {
      throw new DockerApiException(400, unsafe.getMessage());
    } catch (IOException | RuntimeException e) {
      throw ContainerErrors.of(e, null);
    }
    JsonReply.empty(response, 200);
  }

  // The container's user (its own, else its image's); none when it runs as the default, root.
  private Optional<String> user(Container container) {
    String user = container.options().user();
    if (user == null) {
      ContainerConfig image = ContainerErrors.on(() -> views.imageConfig(container));
      user = image == null ? null : image.user;
    }
    return Optional.ofNullable(user).filter(u -> !u.isEmpty());
  }
}
