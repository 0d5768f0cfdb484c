package dev.berth.agent.runtime;

import java.nio.file.Path;

/**
 * The files of one exec session, under its container's directory ({@code exec/<id>/}): the
 * process spec runc runs, and what its conmon writes (pid, exit file, log, attach socket, control
 * FIFO). Removed when the session's process has ended, and with the container.
 *
 * @param dir the session's directory
 */
record ExecDirectory(Path dir) {
  /** The directory of exec {@code execId} of the container in {@code container}. */
  static ExecDirectory of(ContainerDirectory container, String execId) {
    return new ExecDirectory(container.dir().resolve("exec").resolve(execId));
  }

  /** The session id (the directory's name). */
  String id() {
    return dir.getFileName().toString();
  }

  /** The OCI process spec given to {@code runc exec --process}. */
  Path processFile() {
    return dir.resolve("process.json");
  }

  /** Where conmon writes the process's pid. */
  Path pidFile() {
    return dir.resolve("exec.pid");
  }

  /** Where conmon writes the exit code. */
  Path exitDir() {
    return dir.resolve("exits");
  }

  /** The process's output as conmon logs it. */
  Path logFile() {
    return dir.resolve("exec.log");
  }

  /** What conmon's first process printed. */
  Path conmonOutput() {
    return dir.resolve("conmon.out");
  }
}
