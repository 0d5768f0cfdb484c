package dev.berth.agent;

/** A missing or bad setting; the message says which and how to give it. */
public final class AgentConfigException extends Exception {

  /** Creates the exception with a message meant for the person starting the agent. */
  public AgentConfigException(String message) {
    super(message);
  }
}
