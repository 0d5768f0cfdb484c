package dev.berth.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates containers and exec processes through conmon, the per-process monitor: conmon runs
 * {@code runc create} (or {@code runc exec}), stays as the process's parent (so it outlives the
 * agent), writes the log and the exit file, and serves the attach socket and the terminal's
 * control FIFO. It talks back through {@link ConmonPipes}.
 */
final class Conmon {
  private static final Pattern LOGRUS_MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
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
  long create(ContainerDirectory bundle, String name, CreateOptions options) throws IOException {
    Files.createDirectories(bundle.exitDir());
    List<String> argv = common(bundle.id(), bundle.id(), name, bundle.dir(), bundle.initPidFile(), bundle.exitDir(),
        bundle.logFile(), options.tty(), options.openStdin());
    argv.addAll(List.of("--conmon-pidfile", bundle.conmonPidFile().toString()));
    if (options.openStdin() && !options.stdinOnce()) {
      argv.add("--leave-stdin-open"); // a detached client must not close it: another may attach later
    }
    try (ConmonPipes pipes = new ConmonPipes(bundle.dir(), false)) {
      pipes.launch(argv, bundle.dir(), bundle.conmonOutput());
      return reportedPid(pipes.readSync(), bundle.conmonOutput());
    }
  }

  /**
   * Starts {@code exec}'s process in running container {@code containerId} under a conmon of its
   * own (bundle: the exec's directory). Returns the pipes: an attached exec waits for
   * {@link ConmonPipes#signalStart()} twice, around connecting to its attach socket; then the
   * sync pipe gives the pid and, when the process ends, its exit code.
   */
  ConmonPipes exec(ExecDirectory exec, String containerId, String name, boolean tty, boolean stdin, boolean attached)
      throws IOException {
    Files.createDirectories(exec.exitDir());
    List<String> argv = common(containerId, exec.id(), name, exec.dir(), exec.pidFile(), exec.exitDir(),
        exec.logFile(), tty, stdin);
    argv.addAll(List.of("--exec", "--exec-process-spec", exec.processFile().toString()));
    if (attached) {
      argv.add("--exec-attach");
    }
    ConmonPipes pipes = new ConmonPipes(exec.dir(), attached);
    try {
      pipes.launch(argv, exec.dir(), exec.conmonOutput());
      return pipes;
    } catch (IOException | RuntimeException e) {
      pipes.close();
      throw e;
    }
  }

  /** The pid (or, later, exit code) in a sync-pipe message; a failure when conmon reports one or said nothing. */
  static long reportedPid(String message, Path conmonOutput) throws IOException {
    if (message == null || message.isBlank()) {
      throw new IOException("conmon did not report the process's pid: " + output(conmonOutput));
    }
    JsonNode json = ContainerJson.mapper().readTree(message);
    long pid = json.path("data").asLong(-1);
    if (pid <= 0) {
      throw new IOException(runtimeError(json.path("message").asText(message).trim()));
    }
    return pid;
  }

  // runc reports as a logrus line (time="…" level=error msg="…"): its msg is what a person needs.
  private static String runtimeError(String report) {
    Matcher msg = LOGRUS_MESSAGE.matcher(report);
    return msg.find() ? msg.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : report;
  }

  private List<String> common(String containerId, String uuid, String name, Path bundle, Path pidFile, Path exitDir,
      Path logFile, boolean tty, boolean stdin) {
    List<String> argv = new ArrayList<>(List.of(binary.toString(), "--api-version", "1", "--cid", containerId,
        "--cuuid", uuid, "--name", name, "--runtime", runcBinary.toString(), "--bundle", bundle.toString(),
        "--container-pidfile", pidFile.toString(), "--exit-dir", exitDir.toString(),
        "--log-path", "k8s-file:" + logFile, "--socket-dir-path", socketDir.toString(),
        "--runtime-arg", runc.rootArgument(), "--log-level", "error"));
    if (tty) {
      argv.add("--terminal");
    }
    if (stdin) {
      argv.add("--stdin");
    }
    return argv;
  }

  private static String output(Path conmonOutput) {
    try {
      return Files.readString(conmonOutput).trim();
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
