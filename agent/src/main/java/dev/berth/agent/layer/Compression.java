package dev.berth.agent.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Layer compressions: gzip, zstd, bzip2, xz or none, told apart by their magic bytes. */
public final class Compression {
  private static final int BUFFER = 1 << 16;
  private static final byte[] GZIP = {0x1f, (byte) 0x8b};
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] BZIP2 = {'B', 'Z', 'h'};
  private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

  private Compression() {}

  /** Detects gzip, zstd, bzip2, xz or plain from the first bytes and returns the decompressed stream. */
  public static InputStream decompress(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    byte[] magic = peek(buffered, XZ.length);
    if (startsWith(magic, GZIP)) {
      // Handles concatenated members, as gzip -d does.
      return new GZIPInputStream(buffered, BUFFER);
    }
    if (startsWith(magic, ZSTD)) {
      return new ZstdInputStreamNoFinalizer(buffered);
    }
    if (startsWith(magic, BZIP2)) {
      return new BZip2CompressorInputStream(buffered, true);
    }
    if (startsWith(magic, XZ)) {
      return new XZCompressorInputStream(buffered, true);
    }
    return buffered;
  }

  /** Whether the file starts with the magic bytes of one of the compressions above. */
  public static boolean isCompressed(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(XZ.length);
    }
    return startsWith(head, GZIP) || startsWith(head, ZSTD) || startsWith(head, BZIP2) || startsWith(head, XZ);
  }

  private static byte[] peek(BufferedInputStream in, int length) throws IOException {
    in.mark(length);
    byte[] head = in.readNBytes(length);
    in.reset();
    return head;
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
