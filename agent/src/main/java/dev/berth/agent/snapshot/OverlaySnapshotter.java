package dev.berth.agent.snapshot;

import dev.berth.storage.FileTrees;
import dev.berth.agent.content.Digest;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The overlayfs snapshotter: every layer unpacked once, keyed by its chain id, and stacked under
 * a container's writable directory by an overlay mount.
 *
 * <p>Lifecycle. {@link #ensureLayer} unpacks a layer into tmp and commits it by rename: a
 * committed layer is complete and never changes (read-only by convention). {@link #prepare}
 * makes an active snapshot (upper + work directories) over committed layers, bottom to top;
 * {@link #mount} puts it on a container's rootfs, {@link #removeActive} throws it away.
 * {@link #mountView} shows layers read-only, with no upper. An active snapshot never becomes a
 * committed layer here (a build turns its upper into a layer tar, then into a layer).
 *
 * <pre>
 *   &lt;root&gt;/
 *     layers/&lt;chain id hex&gt;/
 *       fs/                 the layer's files, overlay whiteouts included
 *       link                its short name in l/ (written atomically)
 *     l/&lt;LINK&gt;              symlink → ../layers/&lt;hex&gt;/fs; 12 characters, so 125 lowers fit in
 *                           the kernel's one page of mount options
 *     active/&lt;key&gt;/
 *       upper/              the container's changes
 *       work/               overlay's scratch directory
 *       parents             chain ids below it, bottom first (its absence means debris)
 *       mountpoint          where it is mounted, while it is
 *     empty/                an empty lower for snapshots over no layers
 *     tmp/                  layers being unpacked, snapshots being built or deleted
 * </pre>
 *
 * Opening the snapshotter repairs what a crash leaves: it empties tmp/, drops layers without a
 * link record and active snapshots without a parents record, and fixes the short links. Mounts
 * run {@code /bin/mount} in the root so options hold relative paths; this needs root.
 */
public final class OverlaySnapshotter {
  /** Most layers a snapshot may have (Docker's limit too); more are refused. */
  public static final int MAX_LAYERS = 125;

  private final Path root;
  private final LayerStore layers;
  private final ActiveSnapshots actives;
  private final OverlayMounter mounter;

  /** Opens (or creates) the snapshotter under {@code root} and repairs what a crash left. */
  public OverlaySnapshotter(Path root) throws IOException {
    this.root = AtomicFiles.createPrivateDirectories(root.toAbsolutePath().normalize());
    Path tmp = Files.createDirectories(this.root.resolve("tmp"));
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
      for (Path leftover : leftovers) {
        FileTrees.delete(leftover);
      }
    }
    this.layers = new LayerStore(this.root, tmp);
    this.actives = new ActiveSnapshots(this.root, tmp);
    this.mounter = new OverlayMounter(this.root);
  }

  /** Whether the layer with this chain id is committed. */
  public boolean hasLayer(Digest chainId) {
    return layers.has(chainId);
  }

  /** Commits the layer if missing, unpacking it once even when called concurrently; a failed unpack commits nothing. */
  public void ensureLayer(Digest chainId, LayerUnpacker unpacker) throws IOException {
    layers.ensure(chainId, unpacker);
  }

  /** The committed layer's directory (read it, never write it); it may not exist. */
  public Path layerPath(Digest chainId) {
    return layers.fs(chainId);
  }

  /** Bytes of the layer's files (hard links once, directories not counted). */
  public long layerSize(Digest chainId) throws IOException {
    if (!layers.has(chainId)) {
      throw new NoSuchFileException("layer " + chainId + " is not unpacked");
    }
    return DirectoryTree.size(layers.fs(chainId));
  }

  /** Bytes of the files an active snapshot's owner wrote (its upper directory); 0 when it does not exist. */
  public long activeSize(String key) throws IOException {
    Optional<ActiveSnapshot> snapshot = active(key);
    return snapshot.isEmpty() || !Files.isDirectory(snapshot.get().upper()) ? 0 : DirectoryTree.size(snapshot.get().upper());
  }

  /** Deletes a committed layer; nothing if it is absent; refused while an active snapshot uses it. */
  public void removeLayer(Digest chainId) throws IOException {
    Optional<Path> doomed;
    synchronized (actives) {
      Optional<String> user = actives.userOf(chainId);
      if (user.isPresent()) {
        throw new IOException("layer " + chainId + " is in use by snapshot " + user.get());
      }
      doomed = layers.detach(chainId);
    }
    if (doomed.isPresent()) {
      FileTrees.delete(doomed.get());
    }
  }

  /** Every committed layer's chain id. */
  public Set<Digest> layers() throws IOException {
    return layers.list();
  }

  /** A writable snapshot for a container over the given committed layers (bottom to top): upper + work dirs. */
  public ActiveSnapshot prepare(String key, List<Digest> chainIds) throws IOException {
    checkLayerCount(chainIds);
    synchronized (actives) {
      shortPaths(chainIds); // every layer must be committed
      return actives.create(key, chainIds);
    }
  }

  /** The active snapshot with this key, if there is one (e.g. to re-adopt a container after a restart). */
  public Optional<ActiveSnapshot> active(String key) throws IOException {
    return actives.find(key);
  }

  /** Mounts the layers (bottom to top) read-only on {@code target}, with no upper. */
  public void mountView(List<Digest> chainIds, Path target) throws IOException {
    checkLayerCount(chainIds);
    if (chainIds.isEmpty()) {
      mounter.mountEmpty(target);
    } else {
      mounter.mountOverlay(OverlayMounter.viewOptions(shortPaths(chainIds)), true, target);
    }
  }

  /** Mounts the active snapshot (its layers under its upper) on {@code target}, creating the directory. */
  public void mount(ActiveSnapshot snapshot, Path target) throws IOException {
    ActiveSnapshot known = actives.find(snapshot.key())
        .orElseThrow(() -> new NoSuchFileException("no active snapshot " + snapshot.key()));
    if (!known.equals(snapshot)) {
      throw new IllegalArgumentException("snapshot " + snapshot.key() + " does not match this snapshotter's record");
    }
    String options = OverlayMounter.writableOptions(shortPaths(known.parents()),
        ActiveSnapshots.relativeUpper(known.key()), ActiveSnapshots.relativeWork(known.key()));
    Path absolute = target.toAbsolutePath().normalize();
    mounter.mountOverlay(options, false, absolute);
    try {
      actives.recordMount(known.key(), absolute);
    } catch (IOException | RuntimeException e) {
      mounter.unmount(absolute); // an unrecorded mount would outlive removeActive
      throw e;
    }
  }

  /** Whether something is mounted on {@code target} (a rootfs is not mounted again after a reboot). */
  public boolean isMounted(Path target) throws IOException {
    return MountTable.isMountPoint(target);
  }

  /** Unmounts {@code target} (lazily if busy); no error when nothing is mounted there. */
  public void unmount(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    mounter.unmount(absolute);
    actives.forgetMount(absolute);
  }

  /** Unmounts the snapshot if mounted and deletes its upper and work directories; nothing if absent. */
  public void removeActive(String key) throws IOException {
    ActiveSnapshots.checkKey(key);
    Optional<Path> mountPoint = actives.mountPoint(key);
    if (mountPoint.isPresent()) {
      unmount(mountPoint.get());
    }
    Optional<Path> doomed = actives.detach(key);
    if (doomed.isPresent()) {
      FileTrees.delete(doomed.get());
    }
  }

  /** The keys of every active snapshot. */
  public Set<String> activeKeys() throws IOException {
    return actives.keys();
  }

  /** The overlay options a snapshot over {@code chainIds} would mount with (to check their size). */
  String mountOptions(String key, List<Digest> chainIds) throws IOException {
    return OverlayMounter.writableOptions(shortPaths(chainIds),
        ActiveSnapshots.relativeUpper(key), ActiveSnapshots.relativeWork(key));
  }

  private List<String> shortPaths(List<Digest> chainIds) throws IOException {
    List<String> paths = new ArrayList<>(chainIds.size());
    for (Digest chainId : chainIds) {
      paths.add(layers.shortPath(chainId));
    }
    return paths;
  }

  private static void checkLayerCount(List<Digest> chainIds) {
    if (chainIds.size() > MAX_LAYERS) {
      throw new IllegalArgumentException("cannot stack " + chainIds.size() + " layers: overlay snapshots allow at most "
          + MAX_LAYERS + " (squash or rebuild the image with fewer layers)");
    }
  }
}
