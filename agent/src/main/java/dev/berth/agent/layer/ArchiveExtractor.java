package dev.berth.agent.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extracts a tar (any compression) into a directory as {@code docker cp} does (moby
 * {@code archive.Untar} with the copy options): entries are written as they are, {@code .wh.}
 * names included; the archive's root entry ({@code ./}) leaves the target alone; an existing
 * directory merges with a directory entry and anything else is replaced, unless
 * {@code noOverwriteDirNonDir} forbids replacing a directory with a non-directory or the
 * reverse; owners come from the archive, or are all one user's ({@code copyUIDGID}). Nothing is
 * written outside the target: names with {@code ..} or a leading {@code /}, paths through
 * symlinks and hard links leaving the target throw {@link UnsafeLayerException}, and every entry
 * is made through a descriptor of its parent ({@link TargetTree}), so a running container
 * swapping directories for symlinks meanwhile cannot redirect a write.
 */
public final class ArchiveExtractor {
  private static final int TRANSFER = 1 << 16;
  // Threads creating a whole tree's small files, beside the caller's (which reads the archive).
  private static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private ArchiveExtractor() {}

  /**
   * How to extract.
   *
   * @param noOverwriteDirNonDir refuse to replace a directory with a non-directory or the reverse
   * @param owner the uid and gid every entry gets, or empty to keep the archive's
   * @param shownTarget how messages name the target (the path in the container)
   */
  public record Options(boolean noOverwriteDirNonDir, Optional<Owner> owner, String shownTarget) {}

  /** A numeric owner. */
  public record Owner(long uid, long gid) {}

  /** Extracts {@code archive} (read to its end, not closed) into {@code target}. */
  public static void extract(InputStream archive, DirectoryHandle target, Options options) throws IOException {
    extract(archive, target, options, false);
  }

  /**
   * Extracts a whole tree (a volume backup) into the empty {@code target}: as {@link #extract},
   * owners from the archive, except that a root entry ({@code ./}) gives the target itself its
   * mode, owner, xattrs and times. Small files are made on worker threads ({@link BackgroundFiles}):
   * nothing else writes in the target meanwhile.
   */
  public static void extractTree(InputStream archive, DirectoryHandle target) throws IOException {
    extract(archive, target, new Options(false, Optional.empty(), "/"), true);
  }

  private static void extract(InputStream archive, DirectoryHandle target, Options options, boolean rootToo)
      throws IOException {
    try (XattrTarInputStream tar = new XattrTarInputStream(Compression.decompress(new UnclosableInputStream(archive)));
        TargetTree tree = new TargetTree(target);
        BackgroundFiles background = rootToo ? new BackgroundFiles(target, WORKERS) : null) {
      EntryWriter writer = new EntryWriter(tree, new byte[TRANSFER], background);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String relative = LayerPath.of(entry.getName(), entry.getName());
        if (relative.isEmpty() && entry.isDirectory() && !rootToo) {
          continue; // Docker leaves the extraction point as it is
        }
        if (options.noOverwriteDirNonDir()) {
          checkNoOverwrite(tree, relative, entry, options.shownTarget());
        }
        if (options.owner().isPresent()) {
          entry.setUserId(options.owner().get().uid());
          entry.setGroupId(options.owner().get().gid());
        }
        writer.write(relative, entry, tar);
      }
      writer.finish();
    }
  }

  private static void checkNoOverwrite(TargetTree tree, String relative, TarArchiveEntry entry, String shown)
      throws IOException {
    Optional<FileStat> existing;
    try {
      existing = tree.stat(relative);
    } catch (NoSuchFileException | NotDirectoryException noParentYet) {
      return; // the writer makes or refuses the parent
    }
    if (existing.isEmpty()) {
      return;
    }
    String path = shown.endsWith("/") ? shown + relative : shown + "/" + relative;
    if (existing.get().isDirectory() && !entry.isDirectory()) {
      throw new IOException("cannot overwrite directory \"" + path + "\" with non-directory \"" + shown + "\"");
    }
    if (!existing.get().isDirectory() && entry.isDirectory()) {
      throw new IOException("cannot overwrite non-directory \"" + path + "\" with directory \"" + shown + "\"");
    }
  }
}
