package dev.berth.agent.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the tar container of an image archive: ustar headers for directories, regular files
 * and symlinks, owned by root, with a fixed mtime so the same images make the same archive.
 */
public final class TarWriter {
  private static final int BLOCK = 512;
  private static final long MAX_OCTAL_SIZE = 077777777777L;

  private final OutputStream out;

  /** Writes to {@code out} (not closed by this writer). */
  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Adds a directory. */
  public void directory(String name) throws IOException {
    out.write(header(name.endsWith("/") ? name : name + "/", '5', 0, 0755, ""));
  }

  /** Adds a symbolic link. */
  public void symlink(String name, String target) throws IOException {
    out.write(header(name, '2', 0, 0777, target));
  }

  /** Adds a regular file with {@code content}. */
  public void file(String name, byte[] content) throws IOException {
    file(name, content.length, new java.io.ByteArrayInputStream(content));
  }

  /** Adds a regular file of {@code size} bytes read from {@code content}. */
  public void file(String name, long size, InputStream content) throws IOException {
    out.write(header(name, '0', size, 0644, ""));
    long copied = 0;
    byte[] buffer = new byte[1 << 16];
    int n;
    while (copied < size && (n = content.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
      out.write(buffer, 0, n);
      copied += n;
    }
    if (copied != size) {
      throw new IOException(name + ": expected " + size + " bytes, got " + copied);
    }
    out.write(new byte[(int) ((BLOCK - size % BLOCK) % BLOCK)]);
  }

  /** Writes the end-of-archive marker and flushes. */
  public void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private static byte[] header(String name, char type, long size, int mode, String link) throws IOException {
    byte[] header = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100 || linkBytes.length > 100) {
      throw new IOException("name too long for an image archive entry: " + name);
    }
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    if (size > MAX_OCTAL_SIZE) {
      header[124] = (byte) 0x80;
      for (int i = 0; i < 8; i++) {
        header[135 - i] = (byte) (size >>> (8 * i));
      }
    } else {
      octal(header, 124, 12, size);
    }
    octal(header, 136, 12, 0);
    header[156] = (byte) type;
    System.arraycopy(linkBytes, 0, header, 157, linkBytes.length);
    System.arraycopy("ustar\0" .getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
    header[263] = '0';
    header[264] = '0';
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

  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}
