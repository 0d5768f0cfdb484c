package dev.berth.agent.layer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Applies one layer file to one fresh directory and prints the time it took, for
 * bench/layer-unpack.sh: {@code java -cp agent/target/berth-agent.jar:agent/target/test-classes
 * dev.berth.agent.layer.LayerUnpackBench <layer> <target>}.
 */
public final class LayerUnpackBench {
  private LayerUnpackBench() {}

  /** Applies args[0] onto args[1]; prints "apply_ms=<n> size=<bytes> diffid=<digest>". */
  public static void main(String[] args) throws Exception {
    Path layer = Path.of(args[0]);
    Path target = Files.createDirectories(Path.of(args[1]));
    long start = System.nanoTime();
    AppliedLayer applied;
    try (InputStream in = Files.newInputStream(layer)) {
      applied = new LayerApplier().apply(in, target);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("apply_ms=" + millis + " size=" + applied.size() + " diffid=" + applied.diffId());
  }
}
