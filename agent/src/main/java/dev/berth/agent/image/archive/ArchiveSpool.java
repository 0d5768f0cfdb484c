package dev.berth.agent.image.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An image archive's entries copied to a private temp directory, because the file that says
 * what is in an archive (manifest.json, index.json) may come after the layers. Names are
 * normalised (no {@code ./}, no {@code ..}, never absolute); symlinks and hard links between
 * entries (old docker-archives link duplicate layer.tar files) are resolved by name, never
 * through the file system, so nothing outside the spool can be reached.
 */
public final class ArchiveSpool implements Closeable {
  private static final int MAX_LINK_HOPS = 16;

  private final Path root;
  private final Map<String, Path> files = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();

  private ArchiveSpool(Path root) {
    this.root = root;
  }

  /** Reads the tar {@code archive} (already decompressed) into a new directory under {@code tmpDir}. */
  public static ArchiveSpool read(InputStream archive, Path tmpDir) throws IOException {
    Files.createDirectories(tmpDir);
    ArchiveSpool spool = new ArchiveSpool(Files.createTempDirectory(tmpDir, "archive-"));
    try {
      TarReader tar = new TarReader(archive);
      int count = 0;
      for (var entry = tar.next(); entry.isPresent(); entry = tar.next()) {
        String name = normalise(entry.get().name());
        if (name.isEmpty()) {
          continue;
        }
        if (entry.get().isFile()) {
          Path file = spool.root.resolve("f" + count++);
          try (OutputStream out = Files.newOutputStream(file)) {
            tar.content().transferTo(out);
          }
          spool.files.put(name, file);
        } else if (entry.get().isSymlink()) {
          String target = entry.get().linkName();
          int slash = name.lastIndexOf('/');
          String base = slash < 0 ? "" : name.substring(0, slash + 1);
          spool.links.put(name, normalise(target.startsWith("/") ? target : base + target));
        } else if (entry.get().isHardLink()) {
          spool.links.put(name, normalise(entry.get().linkName()));
        }
      }
      return spool;
    } catch (IOException | RuntimeException e) {
      spool.close();
      throw e;
    }
  }

  /** Whether the archive has a file (or link to one) named {@code name}. */
  public boolean has(String name) {
    try {
      file(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The spooled file named {@code name}, links followed. */
  public Path file(String name) throws IOException {
    String current = normalise(name);
    for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      Path file = files.get(current);
      if (file != null) {
        return file;
      }
      String next = links.get(current);
      if (next == null) {
        break;
      }
      current = next;
    }
    throw new NoSuchFileException("image archive has no file " + name);
  }

  /** A file's whole content (for small JSON files). */
  public byte[] read(String name) throws IOException {
    return Files.readAllBytes(file(name));
  }

  private static String normalise(String name) throws IOException {
    String trimmed = name;
    while (trimmed.startsWith("./")) {
      trimmed = trimmed.substring(2);
    }
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    StringBuilder out = new StringBuilder();
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : trimmed.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new IOException("image archive entry points outside the archive: " + name);
        }
        parts.removeLast();
      } else {
        parts.add(part);
      }
    }
    parts.forEach(part -> out.append(out.length() == 0 ? "" : "/").append(part));
    return out.toString();
  }

  /** Deletes the spooled files. */
  @Override
  public void close() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
