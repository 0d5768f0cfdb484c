package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathTest {
  @TempDir Path temp;

  @Test
  void symlinksAndDotDotStayInsideTheRootfs() throws IOException {
    Path rootfs = Files.createDirectories(temp.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("real/dir"));
    Files.createSymbolicLink(rootfs.resolve("abs"), Path.of("/real"));
    Files.createSymbolicLink(rootfs.resolve("rel"), Path.of("real/dir"));
    Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("../../.."));
    Files.createSymbolicLink(rootfs.resolve("host"), Path.of("/etc"));

    assertEquals(rootfs.resolve("real/dir"), RootfsPath.resolve(rootfs, "/abs/dir"));
    assertEquals(rootfs.resolve("real/dir/x"), RootfsPath.resolve(rootfs, "rel/x"));
    assertEquals(rootfs.resolve("etc"), RootfsPath.resolve(rootfs, "/escape/etc"));
    assertEquals(rootfs.resolve("etc/passwd"), RootfsPath.resolve(rootfs, "/host/passwd"));
    assertEquals(rootfs.resolve("x"), RootfsPath.resolve(rootfs, "/../../x"));
  }

  @Test
  void createsAMissingWorkingDirectoryThroughASymlinkInsideTheRootfs() throws IOException {
    Path rootfs = Files.createDirectories(temp.resolve("rootfs"));
    Files.createSymbolicLink(rootfs.resolve("app"), Path.of("/tmp/../srv"));
    Path dir = RootfsPath.createDirectories(rootfs, "/app/data");
    assertEquals(rootfs.resolve("srv/data"), dir);
    assertTrue(Files.isDirectory(dir));
  }
}
