package dev.berth.agent.volume;

import dev.berth.agent.host.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Docker's copy-up: a volume that is still empty, mounted where the image has a directory with
 * content, gets that content first — owners, modes, times, symlinks and hard links kept, and the
 * directory's own owner and mode given to the volume's root ({@code cp -a dir/. volume/}).
 */
final class CopyUp {
  private CopyUp() {}

  /** Copies the directory {@code imageDir} (resolved inside the rootfs) into {@code volumeData} if the volume is empty. */
  static void copy(Path imageDir, Path volumeData) throws IOException {
    if (!Files.isDirectory(imageDir, LinkOption.NOFOLLOW_LINKS) || !isEmpty(volumeData)) {
      return;
    }
    HostCommand.run(volumeData, List.of("cp", "-a", "--", imageDir + "/.", volumeData + "/"));
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
