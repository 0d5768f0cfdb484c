package dev.berth.agent.layer;

/**
 * One path a container changed, as {@code docker diff} lists it.
 *
 * @param path the absolute path in the container
 * @param kind what happened to it
 */
public record Change(String path, Kind kind) {
  /** What happened to a path; the ordinal is Docker's {@code Kind} number (0, 1, 2). */
  public enum Kind {
    /** Changed ({@code C}): content, metadata, or for a directory something under it. */
    MODIFY,
    /** Added ({@code A}). */
    ADD,
    /** Deleted ({@code D}). */
    DELETE;

    /** Docker's number for the kind. */
    public int code() {
      return ordinal();
    }
  }
}
