package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A path inside a container's root filesystem, resolved as the container would see it: symlinks
 * (absolute or relative) and {@code ..} never lead outside the rootfs, whose top is its {@code /}.
 * Components that do not exist yet are kept as they are.
 */
public final class RootfsPath {
  private static final int MAX_SYMLINKS = 255;

  private RootfsPath() {}

  /** The host path of {@code containerPath} within {@code rootfs}. */
  public static Path resolve(Path rootfs, String containerPath) throws IOException {
    Deque<String> pending = new ArrayDeque<>(split(containerPath));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (name.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      Path candidate = join(rootfs, resolved).resolve(name);
      if (!Files.isSymbolicLink(candidate)) {
        resolved.add(name);
        continue;
      }
      if (++links > MAX_SYMLINKS) {
        throw new IOException("too many levels of symbolic links in " + containerPath);
      }
      String target = Files.readSymbolicLink(candidate).toString();
      if (target.startsWith("/")) {
        resolved.clear();
      }
      List<String> parts = split(target);
      for (int i = parts.size() - 1; i >= 0; i--) {
        pending.addFirst(parts.get(i));
      }
    }
    return join(rootfs, resolved);
  }

  /** Creates {@code containerPath} (and its parents) as root-owned directories (0755), as Docker does for the working dir. */
  public static Path createDirectories(Path rootfs, String containerPath) throws IOException {
    Path dir = resolve(rootfs, containerPath);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
    }
    return dir;
  }

  private static Path join(Path rootfs, List<String> names) {
    Path path = rootfs;
    for (String name : names) {
      path = path.resolve(name);
    }
    return path;
  }

  private static List<String> split(String path) {
    List<String> names = new ArrayList<>();
    for (String name : path.split("/")) {
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return names;
  }
}
