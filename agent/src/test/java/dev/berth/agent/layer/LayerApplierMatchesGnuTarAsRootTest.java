package dev.berth.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GNU tar and LayerApplier extract the same (whiteout-free) tar, made by GNU tar from a real tree,
 * to the same result: tree, modes, owners, mtimes, symlink targets, devices, xattrs and hard links
 * sharing inodes. Runs as root, needs GNU tar, mknod, mkfifo and setfattr.
 */
@Tag("root")
class LayerApplierMatchesGnuTarAsRootTest {
  @TempDir Path dir;

  @Test
  void extractsTheSameTreeAsGnuTar() throws Exception {
    Path source = Files.createDirectory(dir.resolve("source"));
    buildTree(source);
    Path layer = dir.resolve("layer.tar");
    run("tar", "--format=posix", "--xattrs", "--xattrs-include=*", "-C", source.toString(),
        "-cf", layer.toString(), ".");

    Path gnu = Files.createDirectory(dir.resolve("gnu"));
    run("tar", "--xattrs", "--xattrs-include=*", "--same-owner", "--same-permissions",
        "-C", gnu.toString(), "-xf", layer.toString());
    Path berth = Files.createDirectory(dir.resolve("berth"));
    try (InputStream in = Files.newInputStream(layer)) {
      new LayerApplier().apply(in, berth);
    }

    Map<String, String> expected = describe(gnu);
    assertEquals(22, expected.size(), "the tree has every kind of entry");
    assertEquals(String.join("\n", expected.values()), String.join("\n", describe(berth).values()));
  }

  private static void buildTree(Path root) throws Exception {
    Path bin = Files.createDirectories(root.resolve("usr/bin"));
    Path su = Files.writeString(bin.resolve("su"), "setuid binary");
    Files.setAttribute(su, "unix:mode", 04755);
    Files.createLink(bin.resolve("su-hardlink"), su);
    Files.createLink(bin.resolve("su-hardlink2"), su);
    Path wall = Files.writeString(bin.resolve("wall"), "setgid, group tty");
    Files.setAttribute(wall, "unix:gid", 5);
    Files.setAttribute(wall, "unix:mode", 02755);
    Files.createSymbolicLink(bin.resolve("rel-link"), root.relativize(su).getFileName());
    Files.createSymbolicLink(bin.resolve("abs-link"), Path.of("/usr/bin/su"));
    Files.createSymbolicLink(bin.resolve("dangling"), Path.of("../nowhere"));
    Path tmp = Files.createDirectory(root.resolve("tmp"));
    Files.setAttribute(tmp, "unix:mode", 01777);
    Path home = Files.createDirectories(root.resolve("home/user/.config"));
    Files.writeString(home.resolve("settings"), "owned by 1000:1000");
    for (Path p : List.of(home.resolve("settings"), home, home.getParent())) {
      Files.setAttribute(p, "unix:uid", 1000);
      Files.setAttribute(p, "unix:gid", 1000);
    }
    Files.setAttribute(home.getParent(), "unix:mode", 0700);
    Files.write(root.resolve("big"), new byte[3 * 1024 * 1024 + 17]);
    Files.createFile(root.resolve("empty"));
    Path dev = Files.createDirectory(root.resolve("dev"));
    run("mknod", "-m", "666", dev.resolve("null").toString(), "c", "1", "3");
    run("mknod", "-m", "660", dev.resolve("loop0").toString(), "b", "7", "0");
    run("mkfifo", "-m", "600", dev.resolve("initctl").toString());
    run("setfattr", "-n", "user.mime", "-v", "text/plain", su.toString());
    run("setfattr", "-n", "security.capability", "-v",
        "0x0100000200200000000000000000000000000000", wall.toString());
    run("setfattr", "-n", "user.binary", "-v", "0xff00fe80c3", Files.writeString(root.resolve("bin"), "b").toString());
    run("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", tmp.toString());
    // Distinct nanosecond mtimes, set last (bottom-up) so creating content does not change them.
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
    }
    long nanos = 1_600_000_000_123_456_789L;
    for (Path p : all) {
      nanos += 1_000_000_001L;
      Instant t = Instant.ofEpochSecond(0, nanos);
      run("touch", "-h", "-d", "@" + t.getEpochSecond() + "." + String.format("%09d", t.getNano()),
          p.toString());
    }
  }

  /** One line per path: type, mode, owner, mtime, size, link target, rdev, xattrs, link group. */
  private static Map<String, String> describe(Path root) throws Exception {
    Map<String, String> lines = new TreeMap<>();
    Map<Long, String> firstPathOfInode = new TreeMap<>();
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted().forEach(all::add);
    }
    for (Path p : all) {
      String rel = root.relativize(p).toString();
      FileFacts f = FileFacts.of(p);
      String group = firstPathOfInode.putIfAbsent(f.inode(), rel);
      boolean symlink = Files.isSymbolicLink(p);
      String xattrs = run("getfattr", "-h", "-d", "-m", "-", "-e", "hex", p.toString())
          .replaceAll("(?m)^# file:.*$", "").trim();
      lines.put(rel, String.format("%s type=%o mode=%o owner=%d:%d mtime=%s size=%s link=%s rdev=%d xattrs=[%s] inode-of=%s",
          rel, f.type(), f.permissions(), f.uid(), f.gid(), f.mtime(),
          Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : "-",
          symlink ? Files.readSymbolicLink(p) : "-", f.rdev(), xattrs.replace('\n', ' '),
          group == null ? rel : group));
    }
    return lines;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
