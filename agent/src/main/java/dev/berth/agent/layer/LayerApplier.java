package dev.berth.agent.layer;

import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies an image layer (a tar, possibly compressed) onto a directory that becomes a read-only
 * overlayfs lower layer. The directory sits above the layer's parents, so OCI whiteouts are
 * recorded as overlay whiteouts, never applied to the parents:
 * <ul>
 *   <li>{@code dir/.wh.name} becomes a 0/0 character device {@code dir/name};
 *   <li>{@code dir/.wh..wh..opq} becomes xattr {@code trusted.overlay.opaque=y} on {@code dir}.
 * </ul>
 * Nothing is written outside the target: entries named with {@code ..} or a leading {@code /},
 * paths through a symlink, and hard links leaving the layer throw {@link UnsafeLayerException}.
 * Needs root (owners, devices, {@code trusted.*} xattrs).
 */
public final class LayerApplier {
  private static final int TRANSFER = 1 << 20;

  /** An applier; it keeps no state between layers. */
  public LayerApplier() {}

  /**
   * Applies a layer archive (any compression above) onto target (normally an empty directory);
   * returns its DiffID and size. Unsafe entries throw UnsafeLayerException; the caller then
   * discards target. Reads {@code layer} to its end but does not close it.
   */
  public AppliedLayer apply(InputStream layer, Path target) throws IOException {
    HashingInputStream hashed = new HashingInputStream(Compression.decompress(new UnclosableInputStream(layer)));
    try (ReadAheadInputStream plain = new ReadAheadInputStream(hashed, TRANSFER, "layer-decompress");
        XattrTarInputStream tar = new XattrTarInputStream(plain);
        DirectoryHandle root = DirectoryHandle.open(target);
        TargetTree tree = new TargetTree(root)) {
      EntryWriter writer = new EntryWriter(tree, new byte[TRANSFER]);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        applyEntry(entry, tar, writer);
      }
      writer.finish();
      // Past the tar's end marker: wait until the hash has covered the rest of the stream.
      plain.awaitEnd();
      return new AppliedLayer(Digest.fromHash(hashed.hash()), hashed.count());
    } finally {
      hashed.close();
    }
  }

  private static void applyEntry(TarArchiveEntry entry, XattrTarInputStream tar, EntryWriter writer)
      throws IOException {
    String name = entry.getName();
    String relative = LayerPath.of(name, name);
    String base = LayerPath.baseName(relative);
    if (!base.startsWith(LayerPath.WHITEOUT_PREFIX)) {
      writer.write(relative, entry, tar);
      return;
    }
    String parent = LayerPath.parent(relative);
    if (base.equals(LayerPath.OPAQUE)) {
      writer.writeOpaque(parent, entry);
    } else if (base.startsWith(LayerPath.WHITEOUT_PREFIX + LayerPath.WHITEOUT_PREFIX)) {
      return; // other .wh..wh.* names are aufs bookkeeping (hard link dirs); Docker skips them too
    } else {
      String hidden = base.substring(LayerPath.WHITEOUT_PREFIX.length());
      if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
        throw new UnsafeLayerException(name, "whiteout of \"" + hidden + "\"");
      }
      writer.writeWhiteout(LayerPath.child(parent, hidden), entry);
    }
  }
}
