package dev.berth.agent.build;

import java.io.IOException;

/** Where a build reports progress: text lines, as {@code docker build} prints them. */
@FunctionalInterface
public interface BuildOutput {
  /** Prints {@code text} (newlines included). */
  void print(String text) throws IOException;
}
