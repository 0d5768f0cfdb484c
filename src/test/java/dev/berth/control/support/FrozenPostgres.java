package dev.berth.control.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The test's embedded PostgreSQL frozen with SIGSTOP (the postmaster first, so it forks nothing
 * new, then every server process it started): connections stay open but nothing answers, as with
 * a hung server or a network cut. {@link #close()} thaws it with SIGCONT. {@link #crashOneBackend()}
 * crashes the server instead: PostgreSQL ends every connection and restarts.
 */
public final class FrozenPostgres implements AutoCloseable {
  private final long postmaster;

  private FrozenPostgres(long postmaster) {
    this.postmaster = postmaster;
  }

  /** Freezes the server of {@link EmbeddedPostgresResource#dataDir}. */
  public static FrozenPostgres freeze() throws IOException, InterruptedException {
    FrozenPostgres frozen = new FrozenPostgres(postmaster());
    frozen.signal("STOP");
    return frozen;
  }

  /**
   * SIGKILLs one client backend of the server: the postmaster then ends every other connection,
   * recovers and accepts new ones, as after a crash.
   */
  public static void crashOneBackend() throws IOException, InterruptedException {
    FrozenPostgres server = new FrozenPostgres(postmaster());
    for (String child : server.children()) {
      String command = Files.readString(Path.of("/proc", child, "cmdline")).replace('\0', ' ');
      if (command.contains("127.0.0.1") || command.contains("[local]") || command.contains("::1")) {
        if (new ProcessBuilder("kill", "-KILL", child).inheritIO().start().waitFor() != 0) {
          throw new IOException("kill -KILL " + child + " failed");
        }
        return;
      }
    }
    throw new IOException("no client backend of the postmaster " + server.postmaster + " to crash");
  }

  private static long postmaster() throws IOException {
    Path pidFile = EmbeddedPostgresResource.dataDir.resolve("postgres/data/postmaster.pid");
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(postmaster)));
    command.addAll(children());
    Process kill = new ProcessBuilder(command).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + postmaster + " failed");
    }
  }

  private List<String> children() {
    try {
      return List.of(Files.readString(Path.of("/proc", Long.toString(postmaster), "task", Long.toString(postmaster), "children"))
          .trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
