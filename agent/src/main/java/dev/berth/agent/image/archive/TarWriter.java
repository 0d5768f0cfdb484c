package dev.berth.agent.image.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tar stream: ustar headers, with a PAX extended header before an entry whose name or
 * link does not fit ustar's fields or that carries extended attributes ({@code SCHILY.xattr.*},
 * raw bytes, as GNU tar and Go write them); numbers too large for octal fields go base-256.
 * The shortcuts ({@link #directory}, {@link #symlink}, {@link #file}) write root-owned entries
 * with a fixed mtime, so the same images make the same archive; {@link #entry} writes any header.
 */
public final class TarWriter {
  private static final int BLOCK = 512;
  private static final int NAME = 100;
  private static final int PREFIX = 155;
  private static final long MAX_OCTAL_8 = 07777777L;
  private static final long MAX_OCTAL_12 = 077777777777L;

  private final OutputStream out;
  private final byte[] buffer = new byte[1 << 16];

  /** Writes to {@code out} (not closed by this writer). */
  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Adds a directory. */
  public void directory(String name) throws IOException {
    entry(TarHeader.plain(name.endsWith("/") ? name : name + "/", TarHeader.DIRECTORY, 0755, 0, ""), null);
  }

  /** Adds a symbolic link. */
  public void symlink(String name, String target) throws IOException {
    entry(TarHeader.plain(name, TarHeader.SYMLINK, 0777, 0, target), null);
  }

  /** Adds a regular file with {@code content}. */
  public void file(String name, byte[] content) throws IOException {
    file(name, content.length, new java.io.ByteArrayInputStream(content));
  }

  /** Adds a regular file of {@code size} bytes read from {@code content}, which must have them all. */
  public void file(String name, long size, InputStream content) throws IOException {
    long copied = entry(TarHeader.plain(name, TarHeader.FILE, 0644, size, ""), content);
    if (copied != size) {
      throw new IOException(name + ": expected " + size + " bytes, got " + copied);
    }
  }

  /**
   * Adds an entry; a regular file's {@code header.size()} bytes come from {@code content} (null for
   * other types). Content that ends early is padded with zeros, content beyond the size is left
   * unread, so a file changing while it is archived still makes a well-formed archive. Returns
   * how many bytes came from {@code content}.
   */
  public long entry(TarHeader header, InputStream content) throws IOException {
    byte[] name = header.name().getBytes(StandardCharsets.UTF_8);
    byte[] link = header.linkName().getBytes(StandardCharsets.UTF_8);
    int split = prefixSplit(name);
    Map<String, byte[]> pax = new TreeMap<>();
    if (split < 0) {
      pax.put("path", name);
    }
    if (link.length > NAME) {
      pax.put("linkpath", link);
    }
    header.xattrs().forEach((key, value) -> pax.put("SCHILY.xattr." + key, value));
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      String base = baseName(header.name());
      out.write(header(truncate(("PaxHeaders.0/" + base).getBytes(StandardCharsets.UTF_8)), new byte[0],
          TarHeader.plain("", 'x', 0644, records.length, "")));
      out.write(records);
      pad(records.length);
    }
    byte[] ustarName = split < 0 ? truncate(name) : name;
    out.write(header(ustarName, link.length > NAME ? truncate(link) : link, header));
    long copied = content == null ? 0 : copy(content, header.size());
    for (long left = header.size() - copied; left > 0; left -= Math.min(left, buffer.length)) {
      out.write(new byte[(int) Math.min(left, buffer.length)]);
    }
    pad(header.size());
    return copied;
  }

  /** Writes the end-of-archive marker and flushes. */
  public void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private long copy(InputStream content, long size) throws IOException {
    long copied = 0;
    int n;
    while (copied < size && (n = content.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
      out.write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }

  private void pad(long size) throws IOException {
    out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
  }

  // The header block; name holds the whole name (split into ustar's prefix and name) or a truncated one.
  private static byte[] header(byte[] name, byte[] link, TarHeader entry) {
    byte[] header = new byte[BLOCK];
    int split = prefixSplit(name);
    if (split > 0) {
      System.arraycopy(name, 0, header, 345, split);
      System.arraycopy(name, split + 1, header, 0, name.length - split - 1);
    } else {
      System.arraycopy(name, 0, header, 0, Math.min(name.length, NAME));
    }
    octal(header, 100, 8, entry.mode() & 07777);
    number(header, 108, 8, entry.uid(), MAX_OCTAL_8);
    number(header, 116, 8, entry.gid(), MAX_OCTAL_8);
    number(header, 124, 12, entry.size(), MAX_OCTAL_12);
    number(header, 136, 12, entry.mtime(), MAX_OCTAL_12);
    header[156] = (byte) entry.type();
    System.arraycopy(link, 0, header, 157, Math.min(link.length, NAME));
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
    header[263] = '0';
    header[264] = '0';
    if (entry.type() == TarHeader.CHARACTER_DEVICE || entry.type() == TarHeader.BLOCK_DEVICE) {
      number(header, 329, 8, entry.deviceMajor(), MAX_OCTAL_8);
      number(header, 337, 8, entry.deviceMinor(), MAX_OCTAL_8);
    }
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    return header;
  }

  // -1 when the name needs PAX; 0 when it fits the name field; else the index of the '/' that
  // splits it into prefix (before) and name (after).
  private static int prefixSplit(byte[] name) {
    if (name.length <= NAME) {
      return 0;
    }
    for (int i = Math.min(name.length - 1, PREFIX); i > 0; i--) {
      if (name[i] == '/' && name.length - i - 1 <= NAME && name.length - i - 1 > 0) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] truncate(byte[] bytes) {
    return bytes.length <= NAME ? bytes : java.util.Arrays.copyOf(bytes, NAME);
  }

  private static String baseName(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  // "<length> <key>=<value>\n", the length counting itself.
  private static byte[] paxRecords(Map<String, byte[]> records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      byte[] key = record.getKey().getBytes(StandardCharsets.UTF_8);
      int rest = 1 + key.length + 1 + record.getValue().length + 1;
      int length = rest + 1;
      while (length != rest + Integer.toString(length).length()) {
        length = rest + Integer.toString(length).length();
      }
      bytes.write(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
      bytes.write(' ');
      bytes.write(key);
      bytes.write('=');
      bytes.write(record.getValue());
      bytes.write('\n');
    }
    return bytes.toByteArray();
  }

  // Octal when it fits (and is not negative), else GNU base-256: the high bit set, big-endian two's complement.
  private static void number(byte[] header, int offset, int length, long value, long maxOctal) {
    if (value >= 0 && value <= maxOctal) {
      octal(header, offset, length, value);
      return;
    }
    for (int i = 0; i < length; i++) {
      header[offset + length - 1 - i] = (byte) (i < 8 ? value >>> (8 * i) : value >> 63);
    }
    header[offset] = (byte) (value < 0 ? 0xff : 0x80);
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}
