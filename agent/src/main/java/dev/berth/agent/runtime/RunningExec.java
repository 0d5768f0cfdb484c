package dev.berth.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.runtime.attach.AttachSocket;
import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * An exec session's process, started: its attach socket when the client attached, and its end
 * (the exit code conmon sends on the sync pipe), after which the session's files go.
 */
public final class RunningExec implements AutoCloseable {
  /** Docker's exit code when the command cannot be run. */
  static final int CANNOT_EXECUTE = 126;
  /** Docker's exit code when the command is not found. */
  static final int NOT_FOUND = 127;

  private final ExecSession session;
  private final ExecDirectory dir;
  private final ConmonPipes pipes;
  private final AttachSocket socket;
  private final String failure;
  private final IntConsumer onExit;
  private final AtomicBoolean ended = new AtomicBoolean();

  RunningExec(ExecSession session, ExecDirectory dir, ConmonPipes pipes, AttachSocket socket, String failure,
      IntConsumer onExit) {
    this.session = session;
    this.dir = dir;
    this.pipes = pipes;
    this.socket = socket;
    this.failure = failure;
    this.onExit = onExit;
  }

  /** The session. */
  public ExecSession session() {
    return session;
  }

  /** The attach socket; empty for a detached exec, or when the process could not start. */
  public Optional<AttachSocket> socket() {
    return failure == null ? Optional.ofNullable(socket) : Optional.empty();
  }

  /** The process's output as conmon logs it (k8s-file), there until {@link #close()}. */
  public Path logFile() {
    return dir.logFile();
  }

  /** Why the process could not start (runc's words), if it could not. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits for the process's end and returns its exit code (also kept in the session). */
  public int awaitExit() {
    try {
      if (failure == null) {
        String message = pipes.readSync();
        JsonNode json = message == null ? null : ContainerJson.mapper().readTree(message);
        session.exited(json == null ? -1 : json.path("data").asInt(-1));
      }
    } catch (IOException e) {
      session.exited(-1);
    } finally {
      close();
    }
    int exitCode = session.exitCode().orElse(-1);
    if (ended.compareAndSet(false, true)) {
      onExit.accept(exitCode);
    }
    return exitCode;
  }

  /** Releases the pipes and the socket and removes the session's files. */
  @Override
  public void close() {
    pipes.close();
    if (socket != null) {
      socket.close();
    }
    try {
      FileTrees.delete(dir.dir());
    } catch (IOException ignored) {
      // the container's removal takes what is left
    }
  }

  /** Docker's exit code for a process runc could not start, from its error. */
  static int exitCodeOfFailure(String failure) {
    return failure.contains("not found") || failure.contains("no such file") ? NOT_FOUND : CANNOT_EXECUTE;
  }
}
