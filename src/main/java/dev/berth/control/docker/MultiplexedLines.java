package dev.berth.control.docker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Container output as the Docker API sends it (logs, attach), read back as lines. Without a TTY it
 * is framed: an 8-byte header {@code [stream, 0, 0, 0, size (4 bytes, big-endian)]} (stream 1
 * stdout, 2 stderr) before each chunk; with a TTY ({@code application/vnd.docker.raw-stream}) the
 * bytes come as they are, all of them stdout. Lines are cut at {@code \n} per stream; a last line
 * without one is given at the end.
 */
public final class MultiplexedLines {
  /** Content-Type of a TTY's raw stream. */
  public static final String RAW = "application/vnd.docker.raw-stream";

  /** Receives the lines. */
  @FunctionalInterface
  public interface LineHandler {
    /** One line of {@code stream} ({@code stdout} or {@code stderr}), without its line end. */
    void line(String stream, String text) throws IOException;
  }

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final LineHandler handler;

  private MultiplexedLines(LineHandler handler) {
    this.handler = handler;
  }

  /** Reads {@code in} to its end, giving each line to {@code handler}; {@code contentType} says whether it is framed. */
  public static void read(InputStream in, String contentType, LineHandler handler) throws IOException {
    MultiplexedLines lines = new MultiplexedLines(handler);
    if (RAW.equals(contentType)) {
      lines.readRaw(in);
    } else {
      lines.readFrames(new DataInputStream(in));
    }
    lines.rest("stdout", lines.stdout);
    lines.rest("stderr", lines.stderr);
  }

  private void readRaw(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
      append("stdout", stdout, buffer, count);
    }
  }

  private void readFrames(DataInputStream in) throws IOException {
    byte[] header = new byte[8];
    while (true) {
      try {
        in.readFully(header);
      } catch (EOFException end) {
        return;
      }
      int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      byte[] chunk = new byte[size];
      in.readFully(chunk);
      if (header[0] == 2) {
        append("stderr", stderr, chunk, size);
      } else {
        append("stdout", stdout, chunk, size);
      }
    }
  }

  private void append(String stream, ByteArrayOutputStream pending, byte[] bytes, int count) throws IOException {
    int start = 0;
    for (int i = 0; i < count; i++) {
      if (bytes[i] == '\n') {
        pending.write(bytes, start, i - start);
        emit(stream, pending);
        start = i + 1;
      }
    }
    pending.write(bytes, start, count - start);
  }

  private void rest(String stream, ByteArrayOutputStream pending) throws IOException {
    if (pending.size() > 0) {
      emit(stream, pending);
    }
  }

  private void emit(String stream, ByteArrayOutputStream pending) throws IOException {
    String text = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    handler.line(stream, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
