package dev.berth.agent.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.storage.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The events on disk, so that {@code docker events --since} still finds them after the agent
 * restarts: one {@link EngineEvent} JSON per line, appended as they happen. When the file would
 * grow past its bound it becomes the previous file (replacing the one before), so the journal
 * holds between one and two bounds' worth of the newest events.
 *
 * <pre>
 * events/
 * ├── events.log      the newest events, oldest first, one JSON object a line
 * └── events.log.1    the file before the last rotation
 * </pre>
 *
 * <p>Lines are written with one write each and not synced: an agent crash loses nothing, a host
 * crash may lose the last events; a torn last line is skipped when read.
 */
final class EventJournal implements AutoCloseable {
  /** Rotation bound: far more than {@link EventLog#KEPT} events of ordinary size. */
  static final long DEFAULT_MAX_BYTES = 2L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path previous;
  private final long maxBytes;
  private OutputStream out;
  private long size;

  private EventJournal(Path file, long maxBytes) throws IOException {
    this.file = file;
    this.previous = file.resolveSibling(file.getFileName() + ".1");
    this.maxBytes = maxBytes;
    openFile();
  }

  /** The journal in {@code file} (its directory made private if new), rotated past {@code maxBytes}. */
  static EventJournal open(Path file, long maxBytes) throws IOException {
    AtomicFiles.createPrivateDirectories(file.getParent());
    return new EventJournal(file, maxBytes);
  }

  /** The newest {@code count} events on disk, oldest first; lines that do not parse are skipped. */
  synchronized List<EngineEvent> newest(int count) throws IOException {
    Deque<EngineEvent> kept = new ArrayDeque<>(count);
    for (Path path : List.of(previous, file)) {
      if (!Files.exists(path)) {
        continue;
      }
      try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          EngineEvent event = parse(line);
          if (event != null) {
            if (kept.size() == count) {
              kept.removeFirst();
            }
            kept.addLast(event);
          }
        }
      }
    }
    return List.copyOf(kept);
  }

  /** Appends {@code event}, rotating first when the file would outgrow its bound. */
  synchronized void append(EngineEvent event) throws IOException {
    byte[] json = JSON.writeValueAsBytes(event);
    byte[] line = Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    if (size > 0 && size + line.length > maxBytes) {
      out.close();
      Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      openFile();
    }
    out.write(line);
    size += line.length;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  private void openFile() throws IOException {
    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    size = Files.size(file);
    if (size > 0 && !endsWithNewline()) {
      out.write('\n'); // a line torn by a crash stays alone, not glued to the next event
      size++;
    }
  }

  private boolean endsWithNewline() throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  private static EngineEvent parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return JSON.readValue(line, EngineEvent.class);
    } catch (IOException | RuntimeException torn) {
      return null;
    }
  }
}
