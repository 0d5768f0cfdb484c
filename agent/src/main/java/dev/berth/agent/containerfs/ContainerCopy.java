package dev.berth.agent.containerfs;

import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.layer.ArchiveExtractor;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.FileStat;
import dev.berth.agent.layer.TreeArchiver;
import dev.berth.agent.runtime.ContainerFilesystem;
import dev.berth.agent.runtime.ContainerUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Both directions of {@code docker cp} on one container's root filesystem, running or not, as
 * dockerd's archive endpoints do them (moby {@code daemon/archive_unix.go}). Paths are taken as
 * dockerd takes them: made absolute and cleaned, a trailing {@code /} or {@code /.} kept (it asks
 * for the directory itself), and resolved by the kernel as if chrooted into the container
 * (openat2 {@code RESOLVE_IN_ROOT}): symlinks are followed, absolute ones and {@code ..} never
 * leave the container. The last component is not followed when stat-ing or copying out (a
 * symlink is copied as itself), and is when extracting into it.
 */
public final class ContainerCopy implements AutoCloseable {
  private final boolean readOnly;
  private final DirectoryHandle root;

  private ContainerCopy(boolean readOnly, DirectoryHandle root) {
    this.readOnly = readOnly;
    this.root = root;
  }

  /** Opens the container's root filesystem (mounting it if a reboot left it unmounted). */
  public static ContainerCopy open(ContainerFilesystem container) throws IOException {
    return new ContainerCopy(container.container().options().readOnlyRootfs(), DirectoryHandle.open(container.rootfs()));
  }

  /** Opens a writable root filesystem that belongs to no container (a build step's layer). */
  public static ContainerCopy openTree(Path rootfs) throws IOException {
    return new ContainerCopy(false, DirectoryHandle.open(rootfs));
  }

  /** The stat of {@code path} (Docker's {@code containerStatPath}); empty when nothing is there. */
  public Optional<PathStat> stat(String path) throws IOException {
    try (Located located = locate(path)) {
      FileStat stat = located.stat();
      String linkTarget = stat.isSymlink() ? linkTarget(located) : "";
      return Optional.of(new PathStat(located.name(), stat.size(), stat.mode(), stat.modified(), linkTarget));
    } catch (NoSuchFileException nothing) {
      return Optional.empty();
    }
  }

  /**
   * Writes the tar {@code docker cp} copies out of {@code path}: a directory as itself and all it
   * holds, anything else alone, named after the path's last component.
   */
  public void archive(String path, OutputStream out) throws IOException {
    TarWriter tar = new TarWriter(out);
    TreeArchiver archiver = new TreeArchiver(tar);
    try (Located located = locate(path)) {
      FileStat stat = located.stat();
      if (located.base() == null) {
        archiver.addDirectory(located.dir(), located.name());
      } else if (stat.isDirectory()) {
        try (DirectoryHandle dir = located.dir().child(located.base())) {
          archiver.addDirectory(dir, located.name());
        }
      } else {
        archiver.add(located.dir(), located.base(), stat, located.name());
      }
    }
    tar.finish();
  }

  /**
   * Extracts {@code archive} into the directory {@code path} (symlinks followed to the end). Throws
   * NoSuchFileException when it does not exist, IllegalArgumentException when it is not a
   * directory or the container's root filesystem is read-only.
   *
   * @param noOverwriteDirNonDir refuse to replace a directory with a non-directory or the reverse
   * @param owner when present, every extracted file gets this user's uid and primary gid (looked up in the container)
   */
  public void extract(String path, InputStream archive, boolean noOverwriteDirNonDir, Optional<String> owner)
      throws IOException {
    String clean = clean(path);
    DirectoryHandle target;
    try {
      target = root.directoryInRoot(clean);
    } catch (NotDirectoryException notADirectory) {
      throw new IllegalArgumentException("extraction point is not a directory");
    }
    try (target) {
      if (readOnly) {
        throw new IllegalArgumentException("container rootfs is marked read-only");
      }
      Optional<ArchiveExtractor.Owner> ids = Optional.empty();
      if (owner.isPresent()) {
        ContainerUser user = ContainerUser.resolve(root.self(), owner.get());
        ids = Optional.of(new ArchiveExtractor.Owner(user.uid(), user.gid()));
      }
      String shown = root.locateInRoot(clean).orElse(clean);
      ArchiveExtractor.extract(archive, target, new ArchiveExtractor.Options(noOverwriteDirNonDir, ids, shown));
    }
  }

  @Override
  public void close() throws IOException {
    root.close();
  }

  // Where a symlink leads, all links followed in the container; a broken one as far as its text says.
  private String linkTarget(Located located) throws IOException {
    Optional<String> resolved = root.locateInRoot(located.absolute());
    if (resolved.isPresent()) {
      return resolved.get();
    }
    String link = located.dir().readLink(located.base());
    String parent = root.locateInRoot(parentOf(located.absolute())).orElse("/");
    return clean(link.startsWith("/") ? link : parent + "/" + link);
  }

  /**
   * The path's directory resolved in the container, and its last component (null when the path
   * names a directory itself: "/", a trailing "/" or "/.").
   */
  private Located locate(String path) throws IOException {
    String absolute = absolute(path);
    String clean = clean(path);
    if (clean.equals("/") || absolute.endsWith("/") || absolute.endsWith("/.")) {
      return new Located(root.directoryInRoot(clean), null, absolute);
    }
    return new Located(root.directoryInRoot(parentOf(clean)), clean.substring(clean.lastIndexOf('/') + 1), absolute);
  }

  /** A located path: its directory (open) and last component, or the directory itself when base is null. */
  private record Located(DirectoryHandle dir, String base, String absolute) implements AutoCloseable {
    FileStat stat() throws IOException {
      return base == null ? dir.stat()
          : dir.stat(base).orElseThrow(() -> new NoSuchFileException(absolute));
    }

    // Go's filepath.Base of the absolute path, as Docker names the stat and the archive's top entry.
    String name() {
      String trimmed = absolute.replaceAll("/+$", "");
      return trimmed.isEmpty() ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    @Override
    public void close() throws IOException {
      dir.close();
    }
  }

  // Go's filepath.Join("/", path): absolute, cleaned, ".." stopping at the root.
  static String clean(String path) {
    return Path.of("/").resolve(path).normalize().toString();
  }

  // Docker's PreserveTrailingDotOrSeparator over the cleaned path.
  static String absolute(String path) {
    String clean = clean(path);
    if ((path.equals(".") || path.endsWith("/.")) && !clean.endsWith("/.")) {
      clean = clean.endsWith("/") ? clean + "." : clean + "/.";
    }
    if (path.endsWith("/") && !clean.endsWith("/")) {
      clean = clean + "/";
    }
    return clean;
  }

  private static String parentOf(String clean) {
    String trimmed = clean.endsWith("/.") ? clean.substring(0, clean.length() - 2) : clean.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    return slash <= 0 ? "/" : trimmed.substring(0, slash);
  }
}
