package dev.berth.agent.volume;

import dev.berth.util.Log;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.layer.PosixCalls;
import dev.berth.storage.AtomicFiles;
import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.lang.System.Logger.Level;
import java.util.stream.Stream;

/**
 * The volumes on disk, one directory each:
 *
 * <pre>
 * &lt;dataDir&gt;/volumes/              0700
 * └── &lt;name&gt;/
 *     ├── volume.json             {"name", "driver", "labels", "options", "createdAt", "anonymous"}, written atomically
 *     └── _data/                  the content (0755), or the mount point of a volume with driver options
 * └── .staging-&lt;random&gt;/       a restore being extracted, swapped with a volume's _data when complete
 * </pre>
 *
 * A directory without {@code volume.json} is a create or restore that did not finish: removed at open.
 */
public final class VolumeStore {
  private static final System.Logger LOG = Log.of(VolumeStore.class);
  private static final String METADATA = "volume.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path root;

  // How volume.json spells a volume (the time as RFC 3339 text).
  private record VolumeFile(String name, String driver, Map<String, String> labels, Map<String, String> options,
      String createdAt, boolean anonymous) {}

  /** The volumes under {@code root} ({@code <dataDir>/volumes}), created when missing; half-made ones removed. */
  public VolumeStore(Path root) throws IOException {
    this.root = AtomicFiles.createPrivateDirectories(root).toAbsolutePath();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.root)) {
      for (Path dir : dirs) {
        if (!Files.exists(dir.resolve(METADATA))) {
          LOG.log(Level.INFO, "removing half-made volume {0}", dir.getFileName());
          FileTrees.delete(dir);
        }
      }
    }
  }

  /** Makes {@code volume} on disk: its empty {@code _data}, then its metadata. The name must be free. */
  synchronized Volume create(Volume volume) throws IOException {
    Path dir = root.resolve(volume.name());
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("volume " + volume.name() + " exists");
    }
    Files.createDirectories(dir.resolve("_data"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    AtomicFiles.write(dir.resolve(METADATA), JSON.writeValueAsBytes(new VolumeFile(volume.name(), volume.driver(),
        volume.labels(), volume.options(), volume.createdAt().toString(), volume.anonymous())), AtomicFiles.OWNER_ONLY);
    return volume;
  }

  /** The volume {@code name}, if there is one. */
  public synchronized Optional<Volume> get(String name) throws IOException {
    if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = AtomicFiles.readIfExists(root.resolve(name).resolve(METADATA));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    VolumeFile file = JSON.readValue(bytes.get(), VolumeFile.class);
    return Optional.of(new Volume(file.name(), file.driver(), file.labels(), file.options(),
        Instant.parse(file.createdAt()), file.anonymous()));
  }

  /** Every volume, by name. */
  public synchronized List<Volume> list() throws IOException {
    List<Volume> volumes = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        get(dir.getFileName().toString()).ifPresent(volumes::add);
      }
    }
    volumes.sort(Comparator.comparing(Volume::name));
    return volumes;
  }

  /** Deletes the volume's metadata first (it is gone then), then its content; its mount must be undone. */
  synchronized void delete(String name) throws IOException {
    Path dir = root.resolve(name);
    Files.deleteIfExists(dir.resolve(METADATA));
    FileTrees.delete(dir);
  }

  /** A fresh empty directory on the volumes' file system, to extract a restore into before {@link #swapData}. */
  Path newStagingDir() throws IOException {
    return Files.createTempDirectory(root, ".staging-");
  }

  /** Puts {@code staged} in place of the volume's content in one step; the old content is at {@code staged} after. */
  synchronized void swapData(String name, Path staged) throws IOException {
    PosixCalls.exchange(staged, dataDir(name));
  }

  /** Whether the volume's content is empty. */
  boolean isEmpty(String name) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir(name))) {
      return !entries.iterator().hasNext();
    }
  }

  /** Where the volume's content is ({@code Mountpoint}). */
  public Path dataDir(String name) {
    return root.resolve(name).resolve("_data");
  }

  /** The bytes of the regular files under the volume's content (symlinks not followed). */
  long size(String name) {
    try (Stream<Path> files = Files.walk(dataDir(name))) {
      return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException gone) {
          return 0;
        }
      }).sum();
    } catch (IOException | RuntimeException unreadable) {
      return 0;
    }
  }
}
