package dev.berth.agent.volume;

import java.io.IOException;
import java.util.List;

/** A volume that containers (running or not) use cannot be removed: dockerd's "remove x: volume is in use - [ids]". */
public class VolumeInUseException extends IOException {
  /** Volume {@code name}, used by the containers {@code ids}. */
  public VolumeInUseException(String name, List<String> ids) {
    super("remove " + name + ": volume is in use - [" + String.join(", ", ids) + "]");
  }

  /** {@code operation} refused for {@code why}, naming the containers {@code ids} if any. */
  public VolumeInUseException(String operation, String why, List<String> ids) {
    super(operation + ": " + why + (ids.isEmpty() ? "" : " - [" + String.join(", ", ids) + "]"));
  }
}
