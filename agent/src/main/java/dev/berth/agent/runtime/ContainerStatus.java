package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A container's state, with Docker's names ({@code docker ps} and inspect's {@code State.Status}). */
public enum ContainerStatus {
  /** Made (runc created it, or it awaits re-creation) but never started, or not since. */
  CREATED,
  /** Its process runs. */
  RUNNING,
  /** Its processes are frozen. */
  PAUSED,
  /** Waiting to be started again by its restart policy. */
  RESTARTING,
  /** Its process ended; the exit code is known. */
  EXITED,
  /** Being removed, or failed to be. */
  DEAD;

  /** Docker's lower-case name. */
  @JsonValue
  public String dockerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
