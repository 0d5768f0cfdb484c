package dev.berth.agent.runtime.attach;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * conmon's control FIFO ({@code ctl} in the bundle): a line {@code "1 <rows> <columns>"} resizes
 * the process's terminal. The FIFO is opened for reading and writing, which never blocks, so a
 * monitor that is gone cannot hang the caller.
 */
public final class ConsoleControl {
  private static final int RESIZE = 1;

  private ConsoleControl() {}

  /** Resizes the terminal of the process whose conmon bundle is {@code bundle}. */
  public static void resize(Path bundle, int rows, int columns) throws IOException {
    if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535) {
      throw new IllegalArgumentException("invalid terminal size " + rows + "x" + columns);
    }
    Path fifo = bundle.resolve("ctl");
    try (FileChannel control = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      control.write(ByteBuffer.wrap((RESIZE + " " + rows + " " + columns + "\n").getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchFileException e) {
      throw new IOException("the process has no terminal control (is it running?)");
    }
  }
}
