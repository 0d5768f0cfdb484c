package dev.berth.agent.build;

import dev.berth.agent.containerfs.ContainerCopy;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.OverlayDiffWriter;
import dev.berth.agent.layer.OverlayUpper;
import dev.berth.agent.snapshot.ActiveSnapshot;
import dev.berth.agent.snapshot.ChainIds;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * A fresh layer over an image, written without a container, as dockerd's builder does COPY, ADD
 * and WORKDIR: an active snapshot over the image's layers (none for {@code FROM scratch}, where no
 * container could start), mounted under the build's spool directory. A step writes into it
 * through {@link ContainerCopy} (every path resolved inside the image's root), and the
 * snapshot's upper directory is committed as the step's layer. Also serves as a read-only look
 * at an image's files (COPY --from). Snapshots are keyed {@code build-<random>}; any left by a
 * crash are removed when the agent starts ({@link #removeLeftovers}).
 */
final class StepLayer implements AutoCloseable {
  private static final String KEY_PREFIX = "build-";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OverlaySnapshotter snapshots;
  private final ActiveSnapshot snapshot;
  private final Path mountPoint;

  private StepLayer(OverlaySnapshotter snapshots, ActiveSnapshot snapshot, Path mountPoint) {
    this.snapshots = snapshots;
    this.snapshot = snapshot;
    this.mountPoint = mountPoint;
  }

  /** A new empty layer over {@code image}'s layers, mounted in a new directory under {@code spool}. */
  static StepLayer over(ImageService images, Image image, Path spool) throws IOException {
    OverlaySnapshotter snapshots = images.store().resources().snapshots();
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String key = KEY_PREFIX + HexFormat.of().formatHex(id);
    ActiveSnapshot snapshot = snapshots.prepare(key, ChainIds.of(image.diffIds()));
    Path mountPoint = spool.resolve(key);
    try {
      Files.createDirectories(mountPoint);
      snapshots.mount(snapshot, mountPoint);
    } catch (IOException | RuntimeException e) {
      snapshots.removeActive(key);
      FileTrees.delete(mountPoint);
      throw e;
    }
    return new StepLayer(snapshots, snapshot, mountPoint);
  }

  /** Removes the build snapshots a crashed agent left; call before any build runs. */
  static void removeLeftovers(OverlaySnapshotter snapshots) throws IOException {
    for (String key : snapshots.activeKeys()) {
      if (key.startsWith(KEY_PREFIX)) {
        snapshots.removeActive(key);
      }
    }
  }

  /** The image's files with this layer on top, as one directory tree (read it as a path, or write it through {@link #files}). */
  Path root() {
    return mountPoint;
  }

  /** Opens the tree for writing, every path resolved inside it. */
  ContainerCopy files() throws IOException {
    return ContainerCopy.openTree(mountPoint);
  }

  /** Commits what was written as a child of {@code parent}. */
  Image commit(ImageService images, Image parent, ImageCommit commit) throws IOException {
    return images.commit(parent, commit, out -> {
      try (DirectoryHandle dir = DirectoryHandle.open(snapshot.upper())) {
        OverlayDiffWriter.write(new OverlayUpper(dir, Set.of()), new TarWriter(out));
      }
    }, Optional.empty());
  }

  /** Unmounts the tree and deletes the layer's directories. */
  @Override
  public void close() throws IOException {
    try {
      snapshots.removeActive(snapshot.key());
    } finally {
      Files.deleteIfExists(mountPoint);
    }
  }
}
