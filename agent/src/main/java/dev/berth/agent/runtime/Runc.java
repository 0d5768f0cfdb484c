package dev.berth.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.host.HostCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runc commands the runtime needs beyond {@code create} (which conmon runs): start, kill,
 * pause, resume, update, delete, state and exec (for health checks), all against one state root.
 */
final class Runc {
  private final Path binary;
  private final Path root;

  /** runc at {@code binary} keeping its state in {@code root} (absolute, no symlinks: runc requires it). */
  Runc(Path binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  /** The {@code --root} argument every call passes. */
  String rootArgument() {
    return "--root=" + root;
  }

  /** Starts the created container's process. */
  void start(String id) throws IOException {
    run("start", id);
  }

  /** Sends {@code signal} (a name like {@code TERM} or {@code SIGKILL}, or a number) to the container's init. */
  void kill(String id, String signal) throws IOException {
    run("kill", id, signal);
  }

  /** Freezes every process of the container (the cgroup freezer). */
  void pause(String id) throws IOException {
    run("pause", id);
  }

  /** Thaws a paused container. */
  void resume(String id) throws IOException {
    run("resume", id);
  }

  /** Changes the cgroup limits of a created, running or paused container to the OCI resources in {@code resources}. */
  void update(String id, Path resources) throws IOException {
    run("update", "--resources", resources.toString(), id);
  }

  /** Deletes runc's record (and cgroup) of the container; {@code force} kills it first. Quiet when runc does not know it. */
  void delete(String id, boolean force) throws IOException {
    try {
      if (force) {
        run("delete", "--force", id);
      } else {
        run("delete", id);
      }
    } catch (IOException e) {
      if (!isMissing(e)) {
        throw e;
      }
    }
  }

  /**
   * The argv of {@code runc exec} running {@code processFile} (an OCI process spec) in container
   * {@code id} in the foreground, its host pid written to {@code pidFile}: the caller starts it
   * with the stdio it wants and waits for it (runc exits with the process's code).
   */
  List<String> execArgv(String id, Path processFile, Path pidFile) {
    return List.of(binary.toString(), rootArgument(), "exec", "--process", processFile.toString(),
        "--pid-file", pidFile.toString(), id);
  }

  /** runc's status ({@code created}, {@code running}, {@code paused}, {@code stopped}); empty when it does not know the container. */
  Optional<String> status(String id) throws IOException {
    try {
      JsonNode state = ContainerJson.mapper().readTree(run("state", id));
      return Optional.of(state.path("status").asText());
    } catch (IOException e) {
      if (isMissing(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private String run(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(binary.toString(), rootArgument()));
    argv.addAll(List.of(args));
    return HostCommand.run(root, argv);
  }

  private static boolean isMissing(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("does not exist") || message.contains("container not found");
  }
}
