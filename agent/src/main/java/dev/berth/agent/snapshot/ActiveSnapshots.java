package dev.berth.agent.snapshot;

import dev.berth.storage.FileTrees;
import dev.berth.agent.content.Digest;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The active (writable) snapshots, {@code active/<key>/{upper,work,parents,mountpoint}}; see
 * {@link OverlaySnapshotter} for the layout. A snapshot is built in tmp and renamed into place
 * with its {@code parents} record, so one without a record is debris from a crash.
 */
final class ActiveSnapshots {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final String PARENTS = "parents";
  private static final String MOUNTPOINT = "mountpoint";
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private final Path active;
  private final Path tmp;

  /** Opens {@code active/} under {@code root} and deletes snapshots that have no record. */
  ActiveSnapshots(Path root, Path tmp) throws IOException {
    this.active = Files.createDirectories(root.resolve("active"));
    this.tmp = tmp;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(active)) {
      for (Path entry : entries) {
        if (!Files.isRegularFile(entry.resolve(PARENTS), LinkOption.NOFOLLOW_LINKS)) {
          FileTrees.delete(moveToTmp(entry));
        }
      }
    }
  }

  /** Throws unless {@code key} is usable as a directory name and inside overlay options. */
  static String checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "invalid snapshot key " + key + ": want 1-128 of [A-Za-z0-9_.-], not starting with . _ or -");
    }
    return key;
  }

  /** The upper directory relative to the snapshotter root, as overlay options name it. */
  static String relativeUpper(String key) {
    return "active/" + checkKey(key) + "/upper";
  }

  /** The work directory relative to the snapshotter root. */
  static String relativeWork(String key) {
    return "active/" + checkKey(key) + "/work";
  }

  synchronized ActiveSnapshot create(String key, List<Digest> parents) throws IOException {
    Path dir = active.resolve(checkKey(key));
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "snapshot " + key + " already exists");
    }
    Path temp = Files.createTempDirectory(tmp, "active-");
    try {
      Files.createDirectory(temp.resolve("upper"));
      Files.createDirectory(temp.resolve("work"));
      StringBuilder record = new StringBuilder();
      parents.forEach(parent -> record.append(parent).append('\n'));
      AtomicFiles.write(temp.resolve(PARENTS), record.toString().getBytes(StandardCharsets.UTF_8), READABLE);
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileTrees.delete(temp);
    }
    return snapshot(key, parents);
  }

  synchronized Optional<ActiveSnapshot> find(String key) throws IOException {
    Optional<byte[]> record = AtomicFiles.readIfExists(active.resolve(checkKey(key)).resolve(PARENTS));
    if (record.isEmpty()) {
      return Optional.empty();
    }
    List<Digest> parents = new ArrayList<>();
    for (String line : new String(record.get(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        parents.add(Digest.parse(line.trim()));
      }
    }
    return Optional.of(snapshot(key, parents));
  }

  synchronized Set<String> keys() throws IOException {
    Set<String> keys = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(active)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (KEY.matcher(name).matches()) {
          keys.add(name);
        }
      }
    }
    return keys;
  }

  /** The key of some snapshot over {@code chainId}, if any uses it. */
  synchronized Optional<String> userOf(Digest chainId) throws IOException {
    for (String key : keys()) {
      Optional<ActiveSnapshot> snapshot = find(key);
      if (snapshot.isPresent() && snapshot.get().parents().contains(chainId)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  synchronized void recordMount(String key, Path target) throws IOException {
    AtomicFiles.write(active.resolve(checkKey(key)).resolve(MOUNTPOINT),
        target.toString().getBytes(StandardCharsets.UTF_8), READABLE);
  }

  synchronized Optional<Path> mountPoint(String key) throws IOException {
    return AtomicFiles.readIfExists(active.resolve(checkKey(key)).resolve(MOUNTPOINT))
        .map(bytes -> Path.of(new String(bytes, StandardCharsets.UTF_8)));
  }

  /** Forgets {@code target} as the mount point of whichever snapshot recorded it. */
  synchronized void forgetMount(Path target) throws IOException {
    for (String key : keys()) {
      if (mountPoint(key).filter(target::equals).isPresent()) {
        Files.deleteIfExists(active.resolve(key).resolve(MOUNTPOINT));
      }
    }
  }

  /** Makes the snapshot disappear at once (moved into tmp); returns what to delete. */
  synchronized Optional<Path> detach(String key) throws IOException {
    Path dir = active.resolve(checkKey(key));
    return Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(moveToTmp(dir)) : Optional.empty();
  }

  private ActiveSnapshot snapshot(String key, List<Digest> parents) {
    Path dir = active.resolve(key);
    return new ActiveSnapshot(key, parents, dir.resolve("upper"), dir.resolve("work"));
  }

  private Path moveToTmp(Path dir) throws IOException {
    Path doomed = Files.createTempDirectory(tmp, "removed-active-");
    Files.move(dir, doomed.resolve("snapshot"), StandardCopyOption.ATOMIC_MOVE);
    return doomed;
  }
}
