package dev.berth.control.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's multiplexed and raw output streams read back as lines per stream. */
class MultiplexedLinesTest {

  @Test
  void cutsFramesIntoLinesPerStreamWhateverTheFrameBoundaries() throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    frame(stream, 1, "one\ntw");
    frame(stream, 2, "err\n");
    frame(stream, 1, "o\n\nthree\r\n");
    frame(stream, 2, "no end");
    assertEquals(List.of("stdout one", "stderr err", "stdout two", "stdout ", "stdout three", "stderr no end"),
        lines(new ByteArrayInputStream(stream.toByteArray()), "application/vnd.docker.multiplexed-stream"));
  }

  @Test
  void readsFramesThatArriveAByteAtATime() throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    frame(stream, 1, "héllo\n");
    InputStream trickle = new ByteArrayInputStream(stream.toByteArray()) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(1, len));
      }
    };
    assertEquals(List.of("stdout héllo"), lines(trickle, null));
  }

  @Test
  void takesATerminalsRawStreamAsStdout() throws IOException {
    byte[] raw = "prompt$ ls\r\nfile\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("stdout prompt$ ls", "stdout file"),
        lines(new ByteArrayInputStream(raw), MultiplexedLines.RAW));
  }

  private static List<String> lines(InputStream in, String contentType) throws IOException {
    List<String> lines = new ArrayList<>();
    MultiplexedLines.read(in, contentType, (stream, text) -> lines.add(stream + " " + text));
    return lines;
  }

  private static void frame(ByteArrayOutputStream out, int stream, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int size = bytes.length;
    out.writeBytes(new byte[] {(byte) stream, 0, 0, 0, (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
    out.writeBytes(bytes);
  }
}
