package dev.berth.agent.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * Follows conmon's log file as it grows ({@code docker logs -f}, attach): reads from a byte
 * offset, hands on each whole record, and polls for more until told the writer is done. A file
 * that shrank (conmon started afresh) is read again from its start.
 */
public final class LogFollower implements AutoCloseable {
  private static final long POLL_MILLIS = 20;

  private final Path file;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long offset;
  // Held open once found, so the rest can be read even when the file goes (a --rm container's removal).
  private FileChannel channel;

  /** A follower of {@code file} from byte {@code offset}. */
  public LogFollower(Path file, long offset) {
    this.file = file;
    this.offset = offset;
  }

  /** A follower of {@code file} from its current end: only what is written from now on. */
  public static LogFollower fromEnd(Path file) throws IOException {
    return new LogFollower(file, Files.exists(file) ? Files.size(file) : 0);
  }

  /**
   * Opens the file now if it exists, so what is written to it can be read even after it is
   * removed (a {@code --rm} container's removal may come before the follower's first read).
   */
  public LogFollower opened() throws IOException {
    if (channel == null && Files.exists(file)) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    return this;
  }

  /** Receives records. */
  @FunctionalInterface
  public interface Sink {
    /** Takes one record; an IOException (the reader went away) ends the following. */
    void accept(ContainerLog.Record record) throws IOException;
  }

  /** Hands on records until {@code done} is true and the file has nothing more; then returns. */
  public void follow(BooleanSupplier done, Sink sink) throws IOException {
    try {
      boolean finishing = false;
      while (true) {
        boolean read = readMore(sink);
        if (!read) {
          if (finishing) {
            return;
          }
          finishing = done.getAsBoolean(); // one more pass after the end: conmon may write its last bytes late
          pause();
        }
      }
    } finally {
      close();
    }
  }

  /** Lets go of the file (following ends by itself; a follower never followed must be closed). */
  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private boolean readMore(Sink sink) throws IOException {
    if (channel == null) {
      if (!Files.exists(file)) {
        return false;
      }
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    if (channel.size() < offset) {
      offset = 0;
      line.reset();
    }
    if (channel.size() == offset) {
      return false;
    }
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    channel.position(offset);
    int n;
    while ((n = channel.read(buffer)) > 0) {
      offset += n;
      buffer.flip();
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b == '\n') {
          String text = line.toString(StandardCharsets.UTF_8);
          line.reset();
          ContainerLog.Record record = ContainerLog.parseRecord(text).orElse(null);
          if (record != null) {
            sink.accept(record);
          }
        } else {
          line.write(b);
        }
      }
      buffer.clear();
    }
    return true;
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while following a log", e);
    }
  }
}
