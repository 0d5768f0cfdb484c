package dev.berth.agent.layer;

import dev.berth.agent.image.archive.TarHeader;
import dev.berth.agent.image.archive.TarWriter;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a container's overlay upper directory as an OCI layer tar, as Docker's overlay2 driver
 * diffs it: every entry of the upper directory, with overlay's markers turned into OCI whiteouts
 * (a 0/0 character device {@code name} becomes an empty file {@code .wh.name}; an opaque
 * directory is followed by an empty {@code .wh..wh..opq} in it). Mount points the runtime made
 * are left out ({@link OverlayUpper}).
 */
public final class OverlayDiffWriter {
  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";

  private OverlayDiffWriter() {}

  /** Writes the layer, end-of-archive marker included. */
  public static void write(OverlayUpper upper, TarWriter tar) throws IOException {
    TreeArchiver archiver = new TreeArchiver(tar);
    TreeWalker.walk(upper.dir(), "", (parent, name, relative, stat) -> {
      if (upper.isMountPoint("/" + relative)) {
        return false;
      }
      if (stat.isWhiteout()) {
        String dir = relative.substring(0, relative.length() - name.length());
        tar.entry(new TarHeader(dir + WHITEOUT_PREFIX + name, TarHeader.FILE, 0600, stat.uid(), stat.gid(), 0,
            stat.modified().getEpochSecond(), "", 0, 0, Map.of()), null);
        return false;
      }
      archiver.add(parent, name, stat, relative);
      if (stat.isDirectory() && OverlayUpper.isOpaque(parent, name)) {
        tar.entry(new TarHeader(relative + "/" + OPAQUE_MARKER, TarHeader.FILE, stat.permissions() & 0777, stat.uid(),
            stat.gid(), 0, 0, "", 0, 0, Map.of()), null);
      }
      return true;
    });
    tar.finish();
  }
}
