package dev.berth.agent.runtime;

import dev.berth.agent.layer.PosixCalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipes conmon talks to its caller through, passed as inherited file descriptors named in
 * {@code _OCI_*PIPE} variables: the sync pipe (the process's pid, then for an exec its exit code),
 * and for an attached exec the start pipe (conmon waits for a byte before starting, and again
 * before running the process, so the caller can attach first) and the attach pipe (conmon says
 * when its attach socket listens). Java cannot pass extra descriptors to a child, so each is a
 * FIFO that a small shell opens for conmon; opens happen in the same order on both sides, so
 * they pair up without deadlock. Should the shell or conmon die before opening one, the FIFO is
 * opened here once more (read-write never blocks) so nothing waits forever.
 */
final class ConmonPipes implements AutoCloseable {
  private static final long OPEN_TIMEOUT_SECONDS = 60;

  private final Path dir;
  private final boolean attached;
  private BufferedReader sync;
  private OutputStream start;
  private BufferedReader attach;

  /** Pipes in {@code dir}; {@code attached} adds the start and attach pipes of an attached exec. */
  ConmonPipes(Path dir, boolean attached) {
    this.dir = dir;
    this.attached = attached;
  }

  /** Runs {@code conmon} (its argv) in {@code workDir} with the pipes, output to {@code output}; returns when they are open. */
  void launch(List<String> conmon, Path workDir, Path output) throws IOException {
    List<Path> fifos = new ArrayList<>(List.of(fifo("sync")));
    if (attached) {
      fifos.add(fifo("start"));
      fifos.add(fifo("attach"));
    }
    for (Path fifo : fifos) {
      Files.deleteIfExists(fifo);
      PosixCalls.mknod(fifo, PosixCalls.S_IFIFO | 0600, 0, 0);
    }
    String redirects = attached
        ? "3>\"$BERTH_FIFO_SYNC\" 4<\"$BERTH_FIFO_START\" 5>\"$BERTH_FIFO_ATTACH\""
        : "3>\"$BERTH_FIFO_SYNC\"";
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" " + redirects, "conmon"));
    argv.addAll(conmon);
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(output.toFile())
        .redirectErrorStream(true);
    builder.environment().put("_OCI_SYNCPIPE", "3");
    builder.environment().put("BERTH_FIFO_SYNC", fifo("sync").toString());
    if (attached) {
      builder.environment().put("_OCI_STARTPIPE", "4");
      builder.environment().put("_OCI_ATTACHPIPE", "5");
      builder.environment().put("BERTH_FIFO_START", fifo("start").toString());
      builder.environment().put("BERTH_FIFO_ATTACH", fifo("attach").toString());
    }
    Process shell = builder.start();
    shell.onExit().thenRun(() -> fifos.forEach(ConmonPipes::unblock));
    CompletableFuture.delayedExecutor(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .execute(() -> fifos.forEach(ConmonPipes::unblock));
    try {
      sync = reader(fifo("sync"));
      if (attached) {
        // read-write: opening never blocks, and conmon's reads see the bytes written later
        start = Channels.newOutputStream(FileChannel.open(fifo("start"), StandardOpenOption.READ,
            StandardOpenOption.WRITE));
        attach = reader(fifo("attach"));
      }
    } finally {
      for (Path fifo : fifos) {
        Files.deleteIfExists(fifo); // open ends stay usable; nothing else may open them
      }
    }
  }

  /** The next message on the sync pipe; null when conmon closed it. */
  String readSync() throws IOException {
    return sync.readLine();
  }

  /** Lets a waiting conmon go on (an attached exec waits twice: at start, and before running the process). */
  void signalStart() throws IOException {
    start.write('s');
    start.flush();
  }

  /** Waits until conmon's attach socket listens; null when conmon ended first. */
  String awaitAttachSocket() throws IOException {
    return attach.readLine();
  }

  @Override
  public void close() {
    closeQuietly(sync);
    closeQuietly(start);
    closeQuietly(attach);
  }

  private Path fifo(String name) {
    return dir.resolve(name + ".fifo");
  }

  private static BufferedReader reader(Path fifo) throws IOException {
    return new BufferedReader(new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8));
  }

  private static void unblock(Path fifo) {
    // O_RDWR never blocks on a FIFO; without CREATE a FIFO already deleted is not made a file
    try (FileChannel either = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // opened and closed: a reader blocked in open() goes on, then sees end of file
    } catch (IOException gone) {
      // the FIFO is gone: the open is over
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // closing a pipe end cannot fail in a way that matters
      }
    }
  }
}
