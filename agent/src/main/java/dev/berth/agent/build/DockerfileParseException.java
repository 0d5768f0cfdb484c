package dev.berth.agent.build;

/**
 * A Dockerfile that cannot be built as written, worded as the legacy builder words it:
 * {@code Dockerfile parse error line 3: unknown instruction: FOO}; line 0 when the problem is the
 * whole file (empty, no FROM).
 */
public final class DockerfileParseException extends IllegalArgumentException {
  private final int line;

  /** The problem {@code message} at {@code line} (1-based; 0 for the whole file). */
  public DockerfileParseException(int line, String message) {
    super(line > 0 ? "Dockerfile parse error line " + line + ": " + message : message);
    this.line = line;
  }

  /** Where it is, 1-based; 0 for the whole file. */
  public int line() {
    return line;
  }
}
