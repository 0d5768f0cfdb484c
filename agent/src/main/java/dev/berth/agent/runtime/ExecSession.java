package dev.berth.agent.runtime;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One {@code docker exec}: created, then started once; while its process runs it has a pid, and
 * when it ends an exit code. Kept in memory, as dockerd keeps exec sessions.
 */
public final class ExecSession {
  private final String id;
  private final String containerId;
  private final ExecConfig config;
  private boolean started;
  private long pid;
  private Integer exitCode;

  ExecSession(String id, String containerId, ExecConfig config) {
    this.id = id;
    this.containerId = containerId;
    this.config = config;
  }

  /** The session's id, 64 hex characters. */
  public String id() {
    return id;
  }

  /** The container it runs in. */
  public String containerId() {
    return containerId;
  }

  /** What it runs. */
  public ExecConfig config() {
    return config;
  }

  /** Whether its process runs now. */
  public synchronized boolean running() {
    return started && exitCode == null;
  }

  /** The process's pid on the host, once it started. */
  public synchronized OptionalLong pid() {
    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
  }

  /** The exit code, once the process ended. */
  public synchronized OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** Marks it started; false when it had been already (a session runs once). */
  synchronized boolean markStarted() {
    if (started) {
      return false;
    }
    started = true;
    return true;
  }

  synchronized void running(long processId) {
    pid = processId;
  }

  synchronized void exited(int code) {
    exitCode = code;
    notifyAll();
  }
}
