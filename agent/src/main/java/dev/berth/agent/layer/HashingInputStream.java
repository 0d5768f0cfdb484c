package dev.berth.agent.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import dev.berth.agent.content.Sha256;

/**
 * Hashes (sha256) and counts every byte read through it: the DiffID of the uncompressed layer, the
 * checksum of a volume backup.
 */
public final class HashingInputStream extends FilterInputStream {
  private final Sha256 digest;
  private long count;

  /** Hashes what is read from {@code in}. */
  public HashingInputStream(InputStream in) {
    this(in, Sha256.start());
  }

  private HashingInputStream(InputStream in, Sha256 digest) {
    super(in);
    this.digest = digest;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update(new byte[] {(byte) b}, 0, 1);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      digest.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed: read them instead.
    if (n <= 0) {
      return 0;
    }
    byte[] scratch = new byte[(int) Math.min(n, 1 << 16)];
    int read = read(scratch, 0, scratch.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads to the end, so the hash covers trailing padding after the tar's end marker. */
  public void drain() throws IOException {
    byte[] scratch = new byte[1 << 16];
    while (read(scratch, 0, scratch.length) >= 0) {
      // hashing happens in read
    }
  }

  long count() {
    return count;
  }

  /** The sha256 of every byte read (once, at the end). */
  public byte[] hash() {
    return digest.digest();
  }
}
