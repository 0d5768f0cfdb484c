package dev.berth.agent.image;

import dev.berth.agent.state.AgentLayout;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One step of bench/image-save-load.sh, on an agent data directory:
 * {@code import <layer> <dataDir> <ref>}, {@code save <dataDir> <ref> <file>}, {@code load <dataDir> <file>}.
 * Prints {@code ms=<n> id=<image id>} for the step.
 */
public final class ImageSaveLoadBench {
  private ImageSaveLoadBench() {}

  /** Runs one step. */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String id;
    switch (args[0]) {
      case "import" -> {
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
          id = service(args[2]).importTar(in, List.of(), "bench", Optional.of(Reference.parse(args[3]))).id().toString();
        }
      }
      case "save" -> {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[3])), 1 << 20)) {
          service(args[1]).save(List.of(args[2]), out);
        }
        id = args[2];
      }
      case "load" -> {
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
          id = service(args[1]).load(in, LoadProgress.NONE).toString();
        }
      }
      default -> throw new IllegalArgumentException("unknown step " + args[0]);
    }
    System.out.println("ms=" + (System.nanoTime() - start) / 1_000_000 + " id=" + id);
  }

  private static ImageService service(String dataDir) throws Exception {
    return ImageService.open(new AgentLayout(Path.of(dataDir)), ImageUsers.NONE);
  }
}
