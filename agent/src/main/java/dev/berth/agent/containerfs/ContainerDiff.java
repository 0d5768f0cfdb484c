package dev.berth.agent.containerfs;

import dev.berth.agent.layer.Change;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.OverlayChanges;
import dev.berth.agent.layer.OverlayUpper;
import dev.berth.agent.runtime.ContainerFilesystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code docker diff}: the paths a container added, changed and deleted, from its writable layer. */
public final class ContainerDiff {
  private ContainerDiff() {}

  /** The changes, in Docker's order (see {@link OverlayChanges}). */
  public static List<Change> of(ContainerFilesystem container) throws IOException {
    List<DirectoryHandle> lowers = new ArrayList<>();
    try (DirectoryHandle upper = DirectoryHandle.open(container.upper())) {
      for (Path lower : container.lowers()) {
        lowers.add(DirectoryHandle.open(lower));
      }
      return OverlayChanges.of(new OverlayUpper(upper, container.mountPoints()), lowers);
    } finally {
      for (DirectoryHandle lower : lowers) {
        lower.close();
      }
    }
  }
}
