package dev.berth.agent.build;

import dev.berth.agent.containerfs.ContainerCopy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes into an intermediate container's root filesystem, through {@link ContainerCopy} (so
 * every path resolves inside it): the directories a COPY, ADD or WORKDIR needs that are missing
 * (mode 0755, owned by {@code --chown}'s user when given), then the files, then the archives ADD
 * extracts.
 */
final class FileStep {
  private FileStep() {}

  /** Makes {@code dir} (absolute) and its missing parents. */
  static void makeDirectories(ContainerCopy copy, String dir, Optional<String> owner) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    boolean any = false;
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      String path = "";
      for (String part : CopySources.trimSlash(dir).split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        path = path.isEmpty() ? part : path + "/" + part;
        if (any || copy.stat("/" + path).isEmpty()) {
          TarArchiveEntry entry = new TarArchiveEntry(path + "/");
          entry.setMode(040755);
          entry.setModTime(System.currentTimeMillis());
          out.putArchiveEntry(entry);
          out.closeArchiveEntry();
          any = true;
        }
      }
      out.finish();
    }
    if (any) {
      copy.extract("/", new java.io.ByteArrayInputStream(tar.toByteArray()), false, owner);
    }
  }

  /** Puts {@code sources} into the container, the destination directories made first. */
  static void copy(ContainerCopy copy, CopySources sources, String dest, boolean intoDirectory, Optional<String> owner)
      throws IOException {
    String dir = intoDirectory ? dest : parent(dest);
    makeDirectories(copy, dir, owner);
    try (InputStream tar = Files.newInputStream(sources.tar())) {
      copy.extract("/", tar, false, owner);
    }
    List<Path> archives = sources.archives();
    for (Path archive : archives) {
      try (InputStream in = Files.newInputStream(archive)) {
        copy.extract(dest, in, false, Optional.empty());
      }
    }
  }

  private static String parent(String path) {
    String trimmed = path.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    return slash <= 0 ? "/" : trimmed.substring(0, slash);
  }

}
