package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerTime;
import dev.berth.agent.runtime.ContainerLog;
import dev.berth.agent.runtime.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Container output as dockerd sends it for logs and attach. Without a TTY each write is a frame:
 * an 8-byte header {@code [stream, 0, 0, 0, size (4 bytes, big-endian)]} (stream 1 stdout, 2
 * stderr) and the bytes; with a TTY the bytes go as they are. Every frame is flushed.
 */
final class MultiplexedStream {
  /** Content-Type of the framed stream. */
  static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
  /** Content-Type of a TTY's raw stream. */
  static final String RAW = "application/vnd.docker.raw-stream";

  private final OutputStream out;
  private final boolean tty;
  private final boolean timestamps;

  /** Writes to {@code out}, framed unless {@code tty}, each record prefixed with its time when {@code timestamps}. */
  MultiplexedStream(OutputStream out, boolean tty, boolean timestamps) {
    this.out = out;
    this.tty = tty;
    this.timestamps = timestamps;
  }

  /** The Content-Type for a container with or without a TTY. */
  static String contentType(boolean tty) {
    return tty ? RAW : MULTIPLEXED;
  }

  /** Writes one log record: its text, and its newline unless the line goes on. */
  void write(ContainerLog.Record record) throws IOException {
    String text = (timestamps ? DockerTime.rfc3339Nano(record.time()) + " " : "") + record.text()
        + (record.partial() ? "" : "\n");
    write(record.stream(), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} of {@code stream}. */
  void write(LogLine.Stream stream, byte[] bytes) throws IOException {
    if (!tty) {
      int size = bytes.length;
      out.write(new byte[] {(byte) (stream == LogLine.Stream.STDERR ? 2 : 1), 0, 0, 0,
          (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
    }
    out.write(bytes);
    out.flush();
  }
}
