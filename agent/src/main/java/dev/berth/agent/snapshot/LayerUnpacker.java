package dev.berth.agent.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** Fills an empty directory with a layer's files (overlay whiteouts included). */
@FunctionalInterface
public interface LayerUnpacker {
  /** Writes the layer into {@code emptyDirectory}; throwing discards everything written. */
  void unpackInto(Path emptyDirectory) throws IOException;
}
