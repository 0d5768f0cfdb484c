package dev.berth.agent.volume.backup;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Restores one backup archive into one fresh directory and prints the time it took, for profiling
 * the restore without HTTP: {@code java -cp agent/target/berth-agent.jar:agent/target/test-classes
 * dev.berth.agent.volume.backup.VolumeRestoreBench <archive> <sha256> <target>}.
 */
public final class VolumeRestoreBench {
  private VolumeRestoreBench() {}

  /** Restores args[0] (sha256 args[1]) into the new directory args[2]; prints "restore_ms=<n>". */
  public static void main(String[] args) throws Exception {
    Path target = Files.createDirectory(Path.of(args[2]));
    long start = System.nanoTime();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      VolumeRestore.extractVerified(in, args[1], target);
    }
    System.out.println("restore_ms=" + (System.nanoTime() - start) / 1_000_000);
  }
}
