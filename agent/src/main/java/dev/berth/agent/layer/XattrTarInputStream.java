package dev.berth.agent.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that also keeps each entry's {@code SCHILY.xattr.*} PAX records as raw bytes.
 * Commons Compress decodes PAX values as UTF-8, which garbles binary xattrs such as
 * {@code security.capability}; so the bytes of PAX headers are captured as they are read and
 * parsed again here. PAX record layout: {@code "<length> <key>=<value>\n"}, length in bytes.
 */
final class XattrTarInputStream extends TarArchiveInputStream {
  private static final String XATTR_PREFIX = "SCHILY.xattr.";

  private final ByteArrayOutputStream paxBytes = new ByteArrayOutputStream();
  private Map<String, byte[]> xattrs = Map.of();

  XattrTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  // The superclass calls getNextEntry() again from inside, after an extended header: only the
  // outermost call starts and ends a capture.
  private int depth;

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    if (depth == 0) {
      paxBytes.reset();
    }
    depth++;
    TarArchiveEntry entry;
    try {
      entry = super.getNextEntry();
    } finally {
      depth--;
    }
    if (depth == 0) {
      xattrs = paxBytes.size() == 0 ? Map.of() : parseXattrs(paxBytes.toByteArray());
    }
    return entry;
  }

  /** The current entry's xattrs (name without the SCHILY prefix to raw value). */
  Map<String, byte[]> xattrs() {
    return xattrs;
  }

  // The superclass reads an extended header's records through this method while its current
  // entry is that header ('x'); global headers ('g') are not captured.
  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    TarArchiveEntry current = getCurrentEntry();
    if (n > 0 && current != null && current.isPaxHeader() && !current.isGlobalPaxHeader()) {
      paxBytes.write(buffer, offset, n);
    }
    return n;
  }

  private static Map<String, byte[]> parseXattrs(byte[] records) throws IOException {
    Map<String, byte[]> found = new LinkedHashMap<>();
    int at = 0;
    while (at < records.length) {
      int space = indexOf(records, (byte) ' ', at);
      if (space < 0) {
        break; // trailing NUL padding
      }
      int length = Integer.parseInt(new String(records, at, space - at, StandardCharsets.US_ASCII).trim());
      int end = at + length;
      int equals = indexOf(records, (byte) '=', space);
      if (length <= 0 || end > records.length || equals < 0 || equals >= end) {
        throw new IOException("malformed PAX header record at byte " + at);
      }
      String key = new String(records, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      if (key.startsWith(XATTR_PREFIX)) {
        byte[] value = new byte[end - 1 - (equals + 1)];
        System.arraycopy(records, equals + 1, value, 0, value.length);
        found.put(key.substring(XATTR_PREFIX.length()), value);
      }
      at = end;
    }
    return found;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
