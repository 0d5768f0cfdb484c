package dev.berth.agent.runtime;

import java.io.IOException;

/** No exec session has the id ("No such exec instance: …", as Docker says). */
public class ExecNotFoundException extends IOException {
  /** The id that matched nothing. */
  public ExecNotFoundException(String id) {
    super("No such exec instance: " + id);
  }
}
