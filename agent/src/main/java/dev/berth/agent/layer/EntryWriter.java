package dev.berth.agent.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Creates one file of each tar entry type inside a {@link TargetTree}, with its metadata. */
final class EntryWriter {
  private static final Set<StandardOpenOption> CREATE_FILE =
      EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private final TargetTree tree;
  private final byte[] transfer;
  // Directory times are set last: creating their content would change them again.
  private final Map<String, long[]> directoryTimes = new LinkedHashMap<>();

  EntryWriter(TargetTree tree, byte[] transfer) {
    this.tree = tree;
    this.transfer = transfer;
  }

  /** Writes the entry at {@code relative} (already checked by {@link LayerPath}). */
  void write(String relative, TarArchiveEntry entry, XattrTarInputStream tar) throws IOException {
    String name = entry.getName();
    if (entry.isDirectory()) {
      writeDirectory(relative, entry, tar.xattrs());
      return;
    }
    if (relative.isEmpty()) {
      throw new UnsafeLayerException(name, "only a directory may name the target itself");
    }
    tree.prepareParents(relative, name);
    tree.clear(relative, false);
    directoryTimes.remove(relative);
    Path path = tree.resolve(relative);
    if (entry.isLink()) {
      writeHardLink(path, entry);
      return; // a hard link shares its target's inode and metadata
    }
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(path, Paths.get(entry.getLinkName()));
    } else if (entry.isCharacterDevice()) {
      PosixCalls.mknod(path, PosixCalls.S_IFCHR, entry.getDevMajor(), entry.getDevMinor());
    } else if (entry.isBlockDevice()) {
      PosixCalls.mknod(path, PosixCalls.S_IFBLK, entry.getDevMajor(), entry.getDevMinor());
    } else if (entry.isFIFO()) {
      PosixCalls.mknod(path, PosixCalls.S_IFIFO, 0, 0);
    } else if (entry.isFile()) {
      writeFile(path, tar);
    } else {
      throw new IOException("layer entry \"" + name + "\": unsupported tar type '"
          + (char) entry.getLinkFlag() + "'");
    }
    EntryMetadata.applyOwnership(path, entry, tar.xattrs(), entry.isSymbolicLink());
    EntryMetadata.applyTimes(path, EntryMetadata.times(entry));
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
    for (Map.Entry<String, long[]> directory : directoryTimes.entrySet()) {
      EntryMetadata.applyTimes(tree.resolve(directory.getKey()), directory.getValue());
    }
  }

  private void writeDirectory(String relative, TarArchiveEntry entry, Map<String, byte[]> xattrs)
      throws IOException {
    String name = entry.getName();
    if (!relative.isEmpty()) {
      tree.prepareParents(relative, name);
    }
    Path path = tree.resolve(relative);
    if (!relative.isEmpty()) {
      if (!tree.clear(relative, true)) {
        Files.createDirectory(path);
      }
      tree.markDirectory(relative);
    }
    EntryMetadata.applyOwnership(path, entry, xattrs, false);
    directoryTimes.put(relative, EntryMetadata.times(entry));
  }

  private void writeHardLink(Path path, TarArchiveEntry entry) throws IOException {
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
    // The link's parents must be real directories too, or link() would resolve through a symlink.
    tree.prepareParents(target, name);
    // link(2) does not follow a symlink at the source: linking one links the symlink itself.
    Files.createLink(path, tree.resolve(target));
  }

  private void writeFile(Path path, InputStream content) throws IOException {
    try (FileChannel channel = FileChannel.open(path, CREATE_FILE)) {
      int n;
      while ((n = content.read(transfer)) > 0) {
        ByteBuffer buffer = ByteBuffer.wrap(transfer, 0, n);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    }
  }
}
