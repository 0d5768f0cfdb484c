package dev.berth.agent.runtime;

import java.io.IOException;

/** No container matches a name, id or id prefix ("No such container: …", as Docker says). */
public class ContainerNotFoundException extends IOException {
  /** The name or id that matched nothing. */
  public ContainerNotFoundException(String nameOrId) {
    super("No such container: " + nameOrId);
  }
}
