package dev.berth.agent.layer;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Creates one file of each tar entry type inside a {@link TargetTree}, with its metadata. */
final class EntryWriter {
  private static final int NEW_DIRECTORY_MODE = 0700; // its own mode is set right after

  private final TargetTree tree;
  private final byte[] transfer;
  private final Memory buffer;
  private final BackgroundFiles background; // or null: every file on the caller's thread
  // Directory times are set last: creating their content would change them again.
  private final Map<String, long[]> directoryTimes = new LinkedHashMap<>();

  EntryWriter(TargetTree tree, byte[] transfer) {
    this(tree, transfer, null);
  }

  /** A writer handing small regular files to {@code background} (or null). */
  EntryWriter(TargetTree tree, byte[] transfer, BackgroundFiles background) {
    this.tree = tree;
    this.transfer = transfer;
    this.buffer = new Memory(transfer.length);
    this.background = background;
  }

  /**
   * Writes the entry at {@code relative} (already checked by {@link LayerPath}). The new file is
   * made first and only when something is already there (an existing tree, or an archive naming a
   * path twice) is that cleared and the file made again, so extracting into an empty directory
   * costs no lookup per entry.
   */
  void write(String relative, TarArchiveEntry entry, XattrTarInputStream tar) throws IOException {
    String name = entry.getName();
    if (background != null) {
      background.awaitIfPending(relative, this::redo);
    }
    if (entry.isDirectory()) {
      writeDirectory(relative, entry, tar.xattrs());
      return;
    }
    if (relative.isEmpty()) {
      throw new UnsafeLayerException(name, "only a directory may name the target itself");
    }
    tree.prepareParents(relative, name);
    directoryTimes.remove(relative);
    try {
      create(relative, entry, tar);
    } catch (FileAlreadyExistsException taken) {
      clear(relative, false); // later entries win, as with tar
      create(relative, entry, tar);
    }
  }

  /** Records an overlay whiteout for {@code relative}: a 0/0 character device hiding lower files. */
  void writeWhiteout(String relative, TarArchiveEntry entry) throws IOException {
    tree.prepareParents(relative, entry.getName());
    tree.clear(relative, false);
    directoryTimes.remove(relative);
    Path path = tree.resolve(relative);
    PosixCalls.mknod(path, PosixCalls.S_IFCHR, 0, 0);
    PosixCalls.lchown(path, entry.getLongUserId(), entry.getLongGroupId());
  }

  /** Marks directory {@code relative} opaque: overlay then shows none of the lower layers' content. */
  void writeOpaque(String relative, TarArchiveEntry entry) throws IOException {
    tree.ensureDirectory(relative, entry.getName());
    PosixCalls.lsetxattr(tree.resolve(relative), "trusted.overlay.opaque", new byte[] {'y'});
  }

  /** Sets the times of every directory entry, after all content is in place. */
  void finish() throws IOException {
    if (background != null) {
      background.barrier(this::redo);
    }
    for (Map.Entry<String, long[]> directory : directoryTimes.entrySet()) {
      EntryMetadata.applyTimes(tree.resolve(directory.getKey()), directory.getValue());
    }
  }

  private void create(String relative, TarArchiveEntry entry, XattrTarInputStream tar) throws IOException {
    if (entry.isLink()) {
      writeHardLink(relative, entry);
      return; // a hard link shares its target's inode and metadata
    }
    DirectoryHandle parent = tree.parentOf(relative);
    String base = LayerPath.baseName(relative);
    long[] times = EntryMetadata.times(entry);
    if (entry.isSymbolicLink()) {
      PosixCalls.symlinkat(entry.getLinkName(), parent, base);
      PosixCalls.lchownat(parent, base, entry.getLongUserId(), entry.getLongGroupId());
      for (Map.Entry<String, byte[]> xattr : tar.xattrs().entrySet()) {
        PosixCalls.lsetxattr(parent.resolve(base), xattr.getKey(), xattr.getValue());
      }
      PosixCalls.lutimesat(parent, base, times[0], times[1]);
      return;
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      Path path = parent.resolve(base);
      int type = entry.isCharacterDevice() ? PosixCalls.S_IFCHR
          : entry.isBlockDevice() ? PosixCalls.S_IFBLK : PosixCalls.S_IFIFO;
      PosixCalls.mknod(path, type, entry.isFIFO() ? 0 : entry.getDevMajor(), entry.isFIFO() ? 0 : entry.getDevMinor());
      EntryMetadata.applyOwnership(path, entry, tar.xattrs(), false);
      EntryMetadata.applyTimes(path, times);
      return;
    }
    if (!entry.isFile()) {
      throw new IOException("layer entry \"" + entry.getName() + "\": unsupported tar type '"
          + (char) entry.getLinkFlag() + "'");
    }
    if (background != null && entry.getSize() <= BackgroundFiles.SLOT) {
      background.submit(relative, entry, tar.xattrs(), tar, this::redo);
      return;
    }
    try (OpenFile file = OpenFile.createFile(parent, base)) {
      file.write(tar, transfer, buffer);
      EntryMetadata.applyOwnership(file, entry, tar.xattrs());
      file.setTimes(times[0], times[1]);
    }
  }

  private void writeDirectory(String relative, TarArchiveEntry entry, Map<String, byte[]> xattrs)
      throws IOException {
    directoryTimes.put(relative, EntryMetadata.times(entry));
    if (relative.isEmpty()) {
      EntryMetadata.applyOwnership(tree.resolve(relative), entry, xattrs, false);
      return;
    }
    tree.prepareParents(relative, entry.getName());
    DirectoryHandle parent = tree.parentOf(relative);
    String base = LayerPath.baseName(relative);
    try {
      PosixCalls.mkdirat(parent, base, NEW_DIRECTORY_MODE);
    } catch (FileAlreadyExistsException taken) {
      if (!clear(relative, true)) { // an existing directory merges; anything else is replaced
        PosixCalls.mkdirat(parent, base, NEW_DIRECTORY_MODE);
      }
    }
    tree.markDirectory(relative);
    try (OpenFile directory = OpenFile.openDirectory(parent, base)) {
      EntryMetadata.applyOwnership(directory, entry, xattrs);
    }
  }

  private void writeHardLink(String relative, TarArchiveEntry entry) throws IOException {
    String name = entry.getName();
    String linkName = entry.getLinkName();
    String target;
    try {
      target = LayerPath.of(linkName, name);
    } catch (UnsafeLayerException e) {
      throw new UnsafeLayerException(name, "hard link to \"" + linkName + "\" leaves the layer");
    }
    if (target.isEmpty()) {
      throw new UnsafeLayerException(name, "hard link to the target itself");
    }
    if (background != null) {
      background.awaitIfPending(target, this::redo);
    }
    // The link's parents must be real directories too, or link() would resolve through a symlink.
    tree.prepareParents(target, name);
    // link(2) does not follow a symlink at the source: linking one links the symlink itself.
    Path existing = tree.resolve(target);
    Files.createLink(tree.resolve(relative), existing);
  }

  // Clears what is at relative (TargetTree#clear), once no worker is making anything.
  private boolean clear(String relative, boolean keepDirectory) throws IOException {
    if (background != null) {
      background.barrier(this::redo);
      background.forgetDirectories();
    }
    return tree.clear(relative, keepDirectory);
  }

  // A file a worker found already there: cleared and made again here, in archive order.
  private void redo(BackgroundFiles.Job job) throws IOException {
    tree.clear(job.relative(), false);
    background.forgetDirectories();
    BackgroundFiles.make(tree, job);
  }
}
