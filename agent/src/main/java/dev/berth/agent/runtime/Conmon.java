package dev.berth.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.layer.PosixCalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * Creates containers through conmon, the per-container monitor: conmon runs {@code runc create},
 * stays as the container's parent (so the container outlives the agent), writes the log and the
 * exit file. Its first process exits at once (the monitor double-forks), so the pid it reports
 * on its sync pipe ({@code _OCI_SYNCPIPE}, fd 3) is read through a FIFO that a shell opens for it.
 */
final class Conmon {
  private static final long CREATE_TIMEOUT_SECONDS = 60;

  private final Path binary;
  private final Path runcBinary;
  private final Runc runc;
  private final Path socketDir;

  /** conmon at {@code binary}, running runc at {@code runcBinary}; attach socket links go in {@code socketDir}. */
  Conmon(Path binary, Path runcBinary, Runc runc, Path socketDir) {
    this.binary = binary;
    this.runcBinary = runcBinary;
    this.runc = runc;
    this.socketDir = socketDir;
  }

  /** Has conmon create the container in {@code bundle}; returns its init pid (then waiting for {@code runc start}). */
  long create(ContainerDirectory bundle, String name, boolean tty, boolean stdin) throws IOException {
    Path fifo = bundle.syncFifo();
    Files.deleteIfExists(fifo);
    PosixCalls.mknod(fifo, PosixCalls.S_IFIFO | 0600, 0, 0);
    Files.createDirectories(bundle.exitDir());
    ProcessBuilder builder = new ProcessBuilder(argv(bundle, name, tty, stdin))
        .directory(bundle.dir().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(bundle.conmonOutput().toFile())
        .redirectErrorStream(true);
    builder.environment().put("_OCI_SYNCPIPE", "3");
    builder.environment().put("BERTH_SYNC_FIFO", fifo.toString());
    Process shell = builder.start();
    // If the shell dies before opening the FIFO, or conmon never answers, open it ourselves so the read ends.
    shell.onExit().thenRun(() -> unblock(fifo));
    CompletableFuture.delayedExecutor(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(() -> unblock(fifo));
    String reply;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8))) {
      reply = in.readLine();
    } finally {
      Files.deleteIfExists(fifo);
    }
    if (reply == null || reply.isBlank()) {
      throw new IOException("conmon did not report the container's pid: " + output(bundle));
    }
    JsonNode json = ContainerJson.mapper().readTree(reply);
    long pid = json.path("data").asLong(-1);
    if (pid <= 0) {
      throw new IOException("creating the container failed: " + json.path("message").asText(reply));
    }
    return pid;
  }

  private List<String> argv(ContainerDirectory bundle, String name, boolean tty, boolean stdin) {
    String id = bundle.id();
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3>\"$BERTH_SYNC_FIFO\"", "conmon",
        binary.toString(), "--api-version", "1", "--cid", id, "--cuuid", id, "--name", name,
        "--runtime", runcBinary.toString(), "--bundle", bundle.dir().toString(),
        "--container-pidfile", bundle.initPidFile().toString(), "--conmon-pidfile", bundle.conmonPidFile().toString(),
        "--exit-dir", bundle.exitDir().toString(), "--log-path", "k8s-file:" + bundle.logFile(),
        "--socket-dir-path", socketDir.toString(), "--runtime-arg", runc.rootArgument(), "--log-level", "error"));
    if (tty) {
      argv.add("--terminal");
    }
    if (stdin) {
      argv.add("--stdin");
    }
    return argv;
  }

  private static void unblock(Path fifo) {
    // O_RDWR never blocks on a FIFO; without CREATE a FIFO already deleted is not made a file
    try (FileChannel either = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // opened and closed: a reader blocked in open() goes on, then sees end of file
    } catch (IOException gone) {
      // the FIFO is gone: the read is over
    }
  }

  private static String output(ContainerDirectory bundle) {
    try {
      return Files.readString(bundle.conmonOutput()).trim();
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
