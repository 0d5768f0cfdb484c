package dev.berth.agent.runtime;

import dev.berth.agent.events.EventAction;
import dev.berth.agent.runtime.attach.AttachSocket;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exec sessions of a host's containers ({@code docker exec}): each runs one more process in a
 * running container's namespaces and cgroup, with runc exec under a conmon of its own, so it has
 * the same attach socket, terminal and exit reporting as the container's own process.
 */
public final class ContainerExecs {
  private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();
  private final ContainerRuntime containers;
  private final Conmon conmon;
  private final Path containersDir;

  ContainerExecs(ContainerRuntime containers, Conmon conmon, Path containersDir) {
    this.containers = containers;
    this.conmon = conmon;
    this.containersDir = containersDir;
  }

  /** Makes an exec session in the running container {@code nameOrId}; nothing runs yet. */
  public ExecSession create(String nameOrId, ExecConfig config) throws IOException {
    Container container = runningContainer(nameOrId);
    ExecSession session = new ExecSession(ContainerId.generate(), container.id(), config);
    sessions.put(session.id(), session);
    containers.events().publish(container, EventAction.execCreate(String.join(" ", config.cmd())),
        Map.of("execID", session.id()));
    return session;
  }

  /** The session with {@code id}. */
  public ExecSession get(String id) throws IOException {
    ExecSession session = id == null ? null : sessions.get(id);
    if (session == null) {
      throw new ExecNotFoundException(id);
    }
    return session;
  }

  /**
   * Starts session {@code id}'s process. {@code attached}: the caller relays its input and output
   * through the returned socket (connected before the process runs, so no output is missed) and
   * then calls {@link RunningExec#awaitExit()}; else the process runs on its own and its exit code
   * is collected in the background.
   */
  public RunningExec start(String id, boolean attached) throws IOException {
    ExecSession session = get(id);
    Container container = runningContainer(session.containerId());
    if (!session.markStarted()) {
      throw new ContainerConflictException("Exec command " + id + " is already running");
    }
    ContainerDirectory containerDir = ContainerDirectory.of(containersDir, container.id());
    ExecDirectory dir = ExecDirectory.of(containerDir, id);
    ConmonPipes pipes = null;
    AttachSocket socket = null;
    try {
      AtomicFiles.createPrivateDirectories(dir.dir());
      writeProcess(containerDir, dir, session.config());
      ExecConfig config = session.config();
      pipes = conmon.exec(dir, container.id(), container.name(), config.tty(), config.attachStdin(), attached);
      if (attached) {
        pipes.signalStart();
        if (pipes.awaitAttachSocket() == null) {
          throw new IOException("conmon ended before its attach socket listened");
        }
        socket = AttachSocket.connect(dir.dir());
        pipes.signalStart();
      }
      String failure = null;
      try {
        session.running(Conmon.reportedPid(pipes.readSync(), dir.conmonOutput()));
      } catch (IOException startFailed) {
        failure = startFailed.getMessage();
        session.exited(RunningExec.exitCodeOfFailure(failure));
      }
      containers.events().publish(container, EventAction.execStart(String.join(" ", session.config().cmd())),
          Map.of("execID", id));
      RunningExec running = new RunningExec(session, dir, pipes, socket, failure, exitCode ->
          containers.events().publish(container, EventAction.EXEC_DIE,
              Map.of("execID", id, "exitCode", Integer.toString(exitCode))));
      if (!attached) {
        Thread waiter = new Thread(running::awaitExit, "exec-" + id.substring(0, 12));
        waiter.setDaemon(true);
        waiter.start();
      }
      return running;
    } catch (IOException | RuntimeException e) {
      session.exited(-1);
      if (socket != null) {
        socket.close();
      }
      if (pipes != null) {
        pipes.close();
      }
      throw e;
    }
  }

  /** Resizes the terminal of session {@code id}'s running process. */
  public void resize(String id, int rows, int columns) throws IOException {
    ExecSession session = get(id);
    if (!session.running()) {
      throw new ContainerConflictException("Exec " + id + " is not running");
    }
    ContainerDirectory containerDir = ContainerDirectory.of(containersDir, session.containerId());
    dev.berth.agent.runtime.attach.ConsoleControl.resize(ExecDirectory.of(containerDir, id).dir(), rows, columns);
  }

  /** Forgets the sessions of a removed container. */
  void forget(String containerId) {
    sessions.values().removeIf(session -> session.containerId().equals(containerId));
  }

  /** The ids of the container's sessions (inspect's {@code ExecIDs}). */
  public List<String> idsOf(String containerId) {
    return sessions.values().stream().filter(s -> s.containerId().equals(containerId)).map(ExecSession::id).toList();
  }

  private Container runningContainer(String nameOrId) throws IOException {
    Container container = containers.get(nameOrId);
    if (!container.isRunning()) {
      throw new ContainerConflictException("Container " + container.id() + " is not running");
    }
    return container;
  }

  // The container's own process, with the session's command, environment, user and directory.
  private static void writeProcess(ContainerDirectory containerDir, ExecDirectory dir, ExecConfig config)
      throws IOException {
    RuntimeSpec spec = ContainerJson.mapper().readValue(containerDir.specFile().toFile(), RuntimeSpec.class);
    RuntimeSpec.Process base = spec.process();
    List<String> env = ContainerEnv.build(base.env(), config.env(), spec.hostname(), config.tty());
    String cwd = base.cwd();
    if (config.workingDir() != null && !config.workingDir().isEmpty()) {
      if (!config.workingDir().startsWith("/")) {
        throw new IllegalArgumentException("the working directory '" + config.workingDir()
            + "' is invalid, it needs to be an absolute path");
      }
      cwd = config.workingDir();
    }
    RuntimeSpec.User user = base.user();
    RuntimeSpec.Capabilities capabilities = base.capabilities();
    if (config.user() != null && !config.user().isEmpty()) {
      ContainerUser resolved = ContainerUser.resolve(containerDir.rootfs(), config.user());
      user = new RuntimeSpec.User(resolved.uid(), resolved.gid(), resolved.additionalGids());
    }
    if (config.privileged()) {
      List<String> all = Capabilities.of(List.of(), List.of(), true);
      capabilities = new RuntimeSpec.Capabilities(all, all, all);
    }
    if (user.uid() != 0 && capabilities != null) {
      capabilities = new RuntimeSpec.Capabilities(capabilities.bounding(), null, null);
    }
    RuntimeSpec.Process process = new RuntimeSpec.Process(config.tty(), user, config.cmd(), env, cwd, capabilities,
        base.rlimits(), base.noNewPrivileges());
    Files.write(dir.processFile(), ContainerJson.mapper().writeValueAsBytes(process));
  }
}
