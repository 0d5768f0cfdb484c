package dev.berth.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory handles resolve inside their root however symlinks point, and never walk through one where they must not. */
class DirectoryHandleTest {
  @TempDir Path dir;
  private Path root;
  private Path outside;

  @BeforeEach
  void tree() throws Exception {
    root = Files.createDirectories(dir.resolve("root/etc"));
    root = root.getParent();
    Files.writeString(root.resolve("etc/passwd"), "inside");
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.createDirectories(outside.resolve("etc"));
    Files.writeString(outside.resolve("etc/passwd"), "outside");
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
    Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../../.."));
    Files.createSymbolicLink(root.resolve("host"), outside);
  }

  @Test
  void pathsInRootFollowSymlinksWithoutLeavingTheRoot() throws Exception {
    try (DirectoryHandle handle = DirectoryHandle.open(root)) {
      for (String path : List.of("/escape/etc", "/up/etc", "../../etc", "/escape/up/escape/etc/")) {
        try (DirectoryHandle etc = handle.directoryInRoot(path)) {
          assertEquals("inside", Files.readString(etc.resolve("passwd")), path);
        }
      }
      assertEquals(Optional.of("/etc/passwd"), handle.locateInRoot("/up/etc/../escape/etc/passwd"));
      assertEquals(Optional.of("/"), handle.locateInRoot("/escape"));
      assertEquals(Optional.empty(), handle.locateInRoot("/host/etc/passwd"), "an absolute link means the root's path");
    }
  }

  @Test
  void beneathAndChildRefuseEverySymlink() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(root.resolve("a/link"), Path.of("b"));
    try (DirectoryHandle handle = DirectoryHandle.open(root)) {
      try (DirectoryHandle b = handle.beneath("a/b")) {
        assertTrue(b.names().isEmpty());
      }
      assertThrows(FileSystemLoopException.class, () -> handle.beneath("a/link"));
      assertThrows(FileSystemLoopException.class, () -> handle.beneath("host/etc"));
      assertThrows(java.nio.file.NotDirectoryException.class, () -> handle.child("escape"), "O_NOFOLLOW: the link itself");
      assertThrows(IllegalArgumentException.class, () -> handle.resolve("../x"));
    }
  }

  @Test
  void deletingATreeRemovesSymlinksNotWhatTheyPointAt() throws Exception {
    Path doomed = Files.createDirectories(root.resolve("doomed/deeper")).getParent();
    Files.createSymbolicLink(doomed.resolve("deeper/out"), outside);
    Files.writeString(doomed.resolve("file"), "x");
    try (DirectoryHandle handle = DirectoryHandle.open(root)) {
      handle.deleteTree("doomed");
    }
    assertTrue(Files.notExists(doomed));
    assertEquals("outside", Files.readString(outside.resolve("etc/passwd")));
  }
}
