package dev.berth.link;

/** The peer broke the link protocol: the link is closed with this message as the reason. */
public class LinkProtocolException extends Exception {
  /** A violation described for the log and the close reason. */
  public LinkProtocolException(String message) {
    super(message);
  }
}
