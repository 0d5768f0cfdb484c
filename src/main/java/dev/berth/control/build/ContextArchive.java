package dev.berth.control.build;

import dev.berth.control.api.ApiProblem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Writes the build context that the agent's {@code POST /build} receives, as a plain (POSIX
 * ustar) tar: the entries of an uploaded tar, then files added one by one (the uploaded files,
 * the Dockerfile typed in the page). A later entry of the same name replaces an earlier one when
 * the agent extracts it, so an added Dockerfile wins over the tar's. Names longer than ustar's 100
 * bytes travel in a PAX {@code path} record.
 *
 * <pre>
 * header (512 bytes): name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8] typeflag[1]
 *                     linkname[100] "ustar\0" "00" uname[32] gname[32] ... (octal numbers)
 * data, padded to 512 bytes; the archive ends with two zero blocks
 * </pre>
 */
final class ContextArchive implements AutoCloseable {
  private static final int BLOCK = 512;
  private final OutputStream out;

  ContextArchive(OutputStream out) {
    this.out = out;
  }

  /**
   * Copies the entries of {@code tar} (plain or gzip-compressed) without its end blocks. A tar
   * compressed otherwise (bzip2, xz) cannot be merged here: the agent reads those only whole.
   */
  void copyEntries(InputStream upload) throws IOException {
    InputStream tar = new BufferedInputStream(upload);
    tar.mark(8);
    byte[] magic = tar.readNBytes(6);
    tar.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      tar = new GZIPInputStream(tar);
    } else if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h'
        || magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
      throw ApiProblem.badRequest("a context tar compressed with bzip2 or xz cannot be combined with other files or an "
          + "edited Dockerfile: upload it plain or gzip-compressed");
    }
    byte[] header = new byte[BLOCK];
    while (true) {
      int read = tar.readNBytes(header, 0, BLOCK);
      if (read == 0 || isZero(header)) {
        return;
      }
      if (read < BLOCK || !checksumMatches(header)) {
        throw ApiProblem.badRequest("the context is not a tar archive (or it is cut short)");
      }
      out.write(header);
      long padded = (size(header) + BLOCK - 1) / BLOCK * BLOCK;
      copy(tar, padded);
    }
  }

  private void copy(InputStream tar, long length) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (long left = length; left > 0; ) {
      int n = tar.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw ApiProblem.badRequest("the context tar is cut short");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /** Adds a regular file {@code name} (relative, no {@code ..}) with mode 0644, owned by root. */
  void addFile(String name, byte[] content) throws IOException {
    byte[] path = name.getBytes(StandardCharsets.UTF_8);
    if (path.length > 100) {
      String record = " path=" + name + "\n";
      int length = record.getBytes(StandardCharsets.UTF_8).length;
      length += Integer.toString(length + Integer.toString(length).length()).length();
      byte[] pax = (length + record).getBytes(StandardCharsets.UTF_8);
      writeEntry(header("PaxHeader", pax.length, 'x'), pax);
      path = Arrays.copyOf(path, 100);
    }
    writeEntry(header(new String(path, StandardCharsets.UTF_8), content.length, '0'), content);
  }

  /** Ends the archive (two zero blocks); does not close the stream. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void writeEntry(byte[] header, byte[] content) throws IOException {
    out.write(header);
    out.write(content);
    out.write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
  }

  private static byte[] header(String name, long size, char type) {
    byte[] header = new byte[BLOCK];
    put(header, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(header, 100, 8, 0644);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, size);
    octal(header, 136, 12, 0);
    header[156] = (byte) type;
    put(header, 257, 8, "ustar\00000".getBytes(StandardCharsets.US_ASCII));
    Arrays.fill(header, 148, 156, (byte) ' ');
    octal(header, 148, 7, checksum(header));
    return header;
  }

  private static void put(byte[] header, int at, int length, byte[] value) {
    System.arraycopy(value, 0, header, at, Math.min(length, value.length));
  }

  // An octal number of length-1 digits and a NUL, as tar writes them.
  private static void octal(byte[] header, int at, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    put(header, at, length - 1, digits.getBytes(StandardCharsets.US_ASCII));
  }

  private static long size(byte[] header) {
    if ((header[124] & 0x80) != 0) { // base-256, for sizes over 8 GiB
      long value = 0;
      for (int i = 125; i < 136; i++) {
        value = value << 8 | (header[i] & 0xff);
      }
      return value;
    }
    String text = new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", " ").strip();
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("the context is not a tar archive");
    }
  }

  private static long checksum(byte[] header) {
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    return sum;
  }

  private static boolean checksumMatches(byte[] header) {
    String stored = new String(header, 148, 8, StandardCharsets.US_ASCII).replace("\0", " ").strip();
    byte[] blanked = header.clone();
    Arrays.fill(blanked, 148, 156, (byte) ' ');
    try {
      return !stored.isEmpty() && Long.parseLong(stored, 8) == checksum(blanked);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
