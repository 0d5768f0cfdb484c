package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A container as the runtime records it in {@code containers/<id>/state.json}: who it is, what it
 * was made from and with, and where its process stands.
 *
 * @param id 64 hex characters
 * @param name unique on this host, without Docker's leading slash
 * @param imageId the image's id (config digest)
 * @param imageRef the image as the user named it
 * @param created when it was created
 * @param status where it stands
 * @param pid its init process on the host while it runs, else 0
 * @param monitorPid its conmon process while it runs, else 0
 * @param exitCode the last exit code (0 before the first exit)
 * @param startedAt when it last started, or null
 * @param finishedAt when it last exited, or null
 * @param logPath conmon's k8s-file log
 * @param options what it was created with
 * @param restartCount how often its restart policy restarted it since it was last started by hand
 * @param manuallyStopped whether a user stopped or killed it since it last started: its restart
 *     policy does not restart it then ({@code always} does again when the agent starts, as dockerd
 *     at its start; {@code unless-stopped} does not)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Container(String id, String name, String imageId, String imageRef, Instant created, ContainerStatus status,
    long pid, long monitorPid, int exitCode, Instant startedAt, Instant finishedAt, String logPath,
    CreateOptions options, int restartCount, boolean manuallyStopped) {

  /** Checks the identity fields. */
  public Container {
    ContainerId.check(id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  /** Docker's 12-character short id. */
  public String shortId() {
    return id.substring(0, 12);
  }

  /** Whether its process is (believed to be) alive. */
  @JsonIgnore
  public boolean isRunning() {
    return status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED;
  }

  /** This container created (again) by conmon, its init process {@code pid} waiting for start. */
  public Container createdAs(long pid, long monitorPid) {
    return new Container(id, name, imageId, imageRef, created, ContainerStatus.CREATED, pid, monitorPid, exitCode,
        startedAt, finishedAt, logPath, options, restartCount, manuallyStopped);
  }

  /** This container running since {@code at} (no longer stopped by a user, as dockerd resets it at every start). */
  public Container started(Instant at) {
    return new Container(id, name, imageId, imageRef, created, ContainerStatus.RUNNING, pid, monitorPid, exitCode, at,
        finishedAt, logPath, options, restartCount, false);
  }

  /** This container exited with {@code code} at {@code at}. */
  public Container exited(int code, Instant at) {
    return new Container(id, name, imageId, imageRef, created, ContainerStatus.EXITED, 0, 0, code, startedAt, at,
        logPath, options, restartCount, manuallyStopped);
  }

  /** This container under another name, all else kept. */
  public Container renamed(String newName) {
    return new Container(id, newName, imageId, imageRef, created, status, pid, monitorPid, exitCode, startedAt,
        finishedAt, logPath, options, restartCount, manuallyStopped);
  }

  /** This container with other options (after {@code docker update}), all else kept. */
  public Container withOptions(CreateOptions newOptions) {
    return new Container(id, name, imageId, imageRef, created, status, pid, monitorPid, exitCode, startedAt,
        finishedAt, logPath, newOptions, restartCount, manuallyStopped);
  }

  /** This container in {@code status}, all else kept. */
  public Container withStatus(ContainerStatus newStatus) {
    return new Container(id, name, imageId, imageRef, created, newStatus, pid, monitorPid, exitCode, startedAt,
        finishedAt, logPath, options, restartCount, manuallyStopped);
  }

  /** Whether it waits to be started again by its restart policy. */
  @JsonIgnore
  public boolean isRestarting() {
    return status == ContainerStatus.RESTARTING;
  }

  /**
   * Whether dockerd would call it running ({@code State.Running}): its process is alive, or it
   * waits to be restarted. Such a container is listed by {@code docker ps}, is not pruned, and
   * must be stopped (or forced) before removal.
   */
  @JsonIgnore
  public boolean isActive() {
    return isRunning() || isRestarting();
  }

  /** This exited container waiting to be restarted by its policy, counted as one more restart. */
  public Container restarting() {
    return new Container(id, name, imageId, imageRef, created, ContainerStatus.RESTARTING, 0, 0, exitCode, startedAt,
        finishedAt, logPath, options, restartCount + 1, manuallyStopped);
  }

  /** This container stopped or killed by a user: not restarted by its policy; one waiting to restart has exited. */
  public Container stoppedByUser() {
    return new Container(id, name, imageId, imageRef, created, isRestarting() ? ContainerStatus.EXITED : status, pid,
        monitorPid, exitCode, startedAt, finishedAt, logPath, options, restartCount, true);
  }

  /** This container with its restart count back to 0, as a start by hand leaves it. */
  public Container restartsForgotten() {
    return new Container(id, name, imageId, imageRef, created, status, pid, monitorPid, exitCode, startedAt,
        finishedAt, logPath, options, 0, manuallyStopped);
  }
}
