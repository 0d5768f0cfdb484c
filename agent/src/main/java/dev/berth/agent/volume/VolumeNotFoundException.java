package dev.berth.agent.volume;

import java.io.IOException;

/** No volume has the name ("get x: no such volume", as dockerd says). */
public class VolumeNotFoundException extends IOException {
  /** The name that matched nothing. */
  public VolumeNotFoundException(String name) {
    super("get " + name + ": no such volume");
  }
}
