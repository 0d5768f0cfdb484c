package dev.berth.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The format of a volume backup, written by the agent and kept as it is by the control plane:
 *
 * <pre>
 * archive   = zstd frames of a tar (the volume's {@code _data}: "./" first, then its content)
 *             trailer
 * trailer   = a zstd skippable frame: 0x184D2A5B (u32 LE), payload length (u32 LE), payload
 * payload   = manifest JSON (UTF-8), manifest length (u32 LE), "BERTHMF1"
 * </pre>
 *
 * zstd (and so {@code tar --zstd}) skips the trailer, so the file is a plain {@code .tar.zst};
 * Berth reads the manifest from the last bytes. The sha256 of the whole file is not inside (it
 * cannot be): the control plane computes it as the archive arrives and restores check it.
 */
public final class BackupArchive {
  /** What the manifest's {@code format} says of this layout. */
  public static final String FORMAT = "tar+zstd";
  private static final int SKIPPABLE_MAGIC = 0x184D2A5B;
  private static final byte[] TAIL_MAGIC = "BERTHMF1".getBytes(StandardCharsets.US_ASCII);
  private static final int TAIL = 4 + TAIL_MAGIC.length;
  private static final int MAX_MANIFEST = 1 << 20;

  private BackupArchive() {}

  /** Writes the trailer holding {@code manifestJson} (after the last zstd frame). */
  public static void writeTrailer(OutputStream out, byte[] manifestJson) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(8 + manifestJson.length + TAIL).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(SKIPPABLE_MAGIC).putInt(manifestJson.length + TAIL).put(manifestJson)
        .putInt(manifestJson.length).put(TAIL_MAGIC);
    out.write(frame.array());
  }

  /** The manifest JSON of the archive in {@code file}, if it ends with a trailer. */
  public static Optional<byte[]> readManifest(SeekableByteChannel file) throws IOException {
    long size = file.size();
    if (size < 8 + TAIL) {
      return Optional.empty();
    }
    ByteBuffer tail = ByteBuffer.allocate(TAIL).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file.position(size - TAIL), tail);
    int length = tail.getInt(0);
    if (!tail.slice(4, TAIL_MAGIC.length).equals(ByteBuffer.wrap(TAIL_MAGIC)) || length < 0 || length > MAX_MANIFEST
        || size < 8L + length + TAIL) {
      return Optional.empty();
    }
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file.position(size - TAIL - length - 8), head);
    if (head.getInt(0) != SKIPPABLE_MAGIC || head.getInt(4) != length + TAIL) {
      return Optional.empty();
    }
    ByteBuffer json = ByteBuffer.allocate(length);
    readFully(file, json);
    return Optional.of(json.array());
  }

  private static void readFully(SeekableByteChannel file, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (file.read(buffer) < 0) {
        throw new IOException("archive ended early");
      }
    }
  }
}
