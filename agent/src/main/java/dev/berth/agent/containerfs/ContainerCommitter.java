package dev.berth.agent.containerfs;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.image.ImageNotFoundException;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.Reference;
import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.OverlayDiffWriter;
import dev.berth.agent.layer.OverlayUpper;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerFilesystem;
import dev.berth.agent.runtime.ContainerStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker commit}: the container's writable layer, as an OCI layer, on top of its image's
 * layers becomes a new image (see {@link ImageService#commit}). With {@code pause} a running
 * container's processes are frozen while the layer is read, so it is one moment's state.
 */
public final class ContainerCommitter {
  private final ImageService images;

  /** Commits into {@code images}. */
  public ContainerCommitter(ImageService images) {
    this.images = images;
  }

  /** Commits {@code container} as {@code commit} describes; tags the image with {@code tag} if given. */
  public Image commit(ContainerFilesystem container, ImageCommit commit, boolean pause, Optional<Reference> tag)
      throws IOException {
    return commit(container, commit, pause, tag, Set.of());
  }

  /**
   * As {@link #commit(ContainerFilesystem, ImageCommit, boolean, Optional)}, but the mount points
   * at {@code kept} (a build step's VOLUMEs) go into the layer as the empty directories the
   * runtime made for them, as Docker's builder commits them; what is mounted there never does.
   */
  public Image commit(ContainerFilesystem container, ImageCommit commit, boolean pause, Optional<Reference> tag,
                      Set<String> kept) throws IOException {
    Container record = container.container();
    if (record.status() == ContainerStatus.DEAD) {
      throw new ContainerConflictException("You cannot commit container " + record.id() + " which is Dead");
    }
    Image parent = images.store().get(Digest.parse(record.imageId()))
        .orElseThrow(() -> new ImageNotFoundException(record.imageId()));
    Path upper = container.upper();
    Set<String> mountPoints = new java.util.HashSet<>(container.mountPoints());
    mountPoints.removeAll(kept);
    return images.commit(parent, commit, out -> {
      ContainerFilesystem.Operation<Void> write = () -> writeLayer(upper, mountPoints, out);
      if (pause) {
        container.frozen(write);
      } else {
        write.run();
      }
    }, tag);
  }

  private static Void writeLayer(Path upper, Set<String> mountPoints, OutputStream out) throws IOException {
    try (DirectoryHandle dir = DirectoryHandle.open(upper)) {
      OverlayDiffWriter.write(new OverlayUpper(dir, mountPoints), new TarWriter(out));
    }
    return null;
  }
}
