package dev.berth.agent.image.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the tar container of an image archive, one entry after the other: ustar (with the
 * name prefix), PAX extended headers ({@code path}, {@code linkpath}, {@code size}) and GNU long
 * names. Layer tars inside are not parsed here (that is the layer applier's job), only streamed.
 */
public final class TarReader {
  private static final int BLOCK = 512;

  private final InputStream in;
  private long remaining;
  private long padding;

  /** Reads entries from {@code in} (not closed by this reader). */
  public TarReader(InputStream in) {
    this.in = in;
  }

  /** One entry's header. */
  public record Entry(String name, char type, long size, String linkName) {
    /** Whether this is a regular file. */
    public boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }

    /** Whether this is a symbolic link. */
    public boolean isSymlink() {
      return type == '2';
    }

    /** Whether this is a hard link. */
    public boolean isHardLink() {
      return type == '1';
    }
  }

  /** The next entry, skipping what is left of the current one; empty at the end of the archive. */
  public Optional<Entry> next() throws IOException {
    String longName = null;
    String longLink = null;
    Long paxSize = null;
    while (true) {
      skipRest();
      byte[] header = in.readNBytes(BLOCK);
      if (header.length == 0 || isZero(header)) {
        return Optional.empty();
      }
      if (header.length < BLOCK) {
        throw new EOFException("image archive ends inside a tar header");
      }
      verifyChecksum(header);
      char type = (char) header[156];
      long size = number(header, 124, 12);
      begin(size);
      if (type == 'x' || type == 'L' || type == 'K' || type == 'g') {
        if (size > 1 << 20) {
          throw new IOException("tar extended header too large: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        remaining -= data.length;
        if (type == 'L') {
          longName = cString(data, 0, data.length);
        } else if (type == 'K') {
          longLink = cString(data, 0, data.length);
        } else if (type == 'x') {
          PaxHeaders pax = PaxHeaders.parse(data);
          longName = pax.get("path").orElse(longName);
          longLink = pax.get("linkpath").orElse(longLink);
          paxSize = pax.get("size").map(Long::parseLong).orElse(paxSize);
        }
        continue;
      }
      String name = longName != null ? longName : fullName(header);
      String link = longLink != null ? longLink : cString(header, 157, 100);
      if (paxSize != null) {
        size = paxSize;
        begin(size);
      }
      return Optional.of(new Entry(name, type, size, link));
    }
  }

  /** The current entry's content; read it before calling {@link #next()} again. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new EOFException("image archive ends inside an entry");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private void begin(long size) {
    remaining = size;
    padding = (BLOCK - size % BLOCK) % BLOCK;
  }

  private void skipRest() throws IOException {
    long skip = remaining + padding;
    remaining = 0;
    padding = 0;
    in.skipNBytes(skip);
  }

  private static String fullName(byte[] header) {
    String name = cString(header, 0, 100);
    boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static void verifyChecksum(byte[] header) throws IOException {
    long expected = number(header, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != expected) {
      throw new IOException("not a tar archive (bad header checksum)");
    }
  }

  private static long number(byte[] header, int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) { // base-256, for sizes over 8 GiB
      long value = header[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    String text = cString(header, offset, length).trim();
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("not a tar archive (bad number field: " + text + ")");
    }
  }

  private static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
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
