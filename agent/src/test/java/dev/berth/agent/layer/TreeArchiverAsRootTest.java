package dev.berth.agent.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.image.archive.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archiving a real tree and applying the archive again gives the same tree: types, owners, modes, times, links, xattrs. */
@Tag("root")
class TreeArchiverAsRootTest {
  private static final byte[] CAPABILITY = {1, 0, 0, 2, (byte) 0x80, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  @TempDir Path dir;

  @Test
  void roundTripsEveryFileTypeWithItsMetadata() throws Exception {
    Path source = Files.createDirectory(dir.resolve("source"));
    String longName = "deep/" + "d".repeat(120) + "/" + "f".repeat(150);
    new LayerApplier().apply(new ByteArrayInputStream(new TarBuilder()
        .custom("etc/", TarConstants.LF_DIR, 01777, null, e -> e.setIds(10, 20))
        .custom("etc/setuid", TarConstants.LF_NORMAL, 04755, "hello", e -> e.setIds(3000000, 2000))
        .hardLink("etc/hard", "etc/setuid")
        .symlink("etc/link", "../" + "x".repeat(200))
        .device("dev/null", TarConstants.LF_CHR, 1, 3)
        .device("dev/sda", TarConstants.LF_BLK, 8, 0)
        .device("dev/fifo", TarConstants.LF_FIFO, 0, 0)
        .file(longName, 0600, "long")
        .build()), source);
    PosixCalls.lsetxattr(source.resolve("etc/setuid"), "security.capability", CAPABILITY);
    PosixCalls.lsetxattr(source.resolve("etc/setuid"), "user.note", "kept".getBytes());
    try (ServerSocketChannel socket = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(source.resolve("etc/socket")));

      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      try (DirectoryHandle root = DirectoryHandle.open(source)) {
        TarWriter writer = new TarWriter(tar);
        new TreeArchiver(writer).addContents(root);
        writer.finish();
      }
      List<String> names = names(tar.toByteArray());
      assertEquals(List.of("deep/", "deep/" + "d".repeat(120) + "/", longName, "dev/", "dev/fifo", "dev/null",
          "dev/sda", "etc/", "etc/hard", "etc/link", "etc/setuid"), names, "sorted walk, no socket");
      Path file = Files.write(dir.resolve("tree.tar"), tar.toByteArray());
      assertEquals(names, new ProcessBuilder("tar", "-tf", file.toString()).start().inputReader().lines().toList(),
          "GNU tar reads the PAX names too");

      Path copy = Files.createDirectory(dir.resolve("copy"));
      new LayerApplier().apply(new ByteArrayInputStream(tar.toByteArray()), copy);
      for (String path : List.of("etc", "etc/setuid", "etc/link", "dev/null", "dev/sda", "dev/fifo", longName)) {
        FileFacts before = FileFacts.of(source.resolve(path));
        FileFacts after = FileFacts.of(copy.resolve(path));
        assertEquals(before.mode(), after.mode(), path);
        assertEquals(before.uid(), after.uid(), path);
        assertEquals(before.gid(), after.gid(), path);
        assertEquals(before.rdev(), after.rdev(), path);
        assertEquals(before.mtime().toInstant().getEpochSecond(), after.mtime().toInstant().getEpochSecond(), path);
      }
      assertEquals(FileFacts.of(copy.resolve("etc/setuid")).inode(), FileFacts.of(copy.resolve("etc/hard")).inode());
      assertEquals(Files.readSymbolicLink(source.resolve("etc/link")), Files.readSymbolicLink(copy.resolve("etc/link")));
      assertArrayEquals(CAPABILITY, PosixCalls.lgetxattr(copy.resolve("etc/setuid"), "security.capability"));
      assertEquals("kept", FileFacts.xattr(copy.resolve("etc/setuid"), "user.note"));
      assertFalse(Files.exists(copy.resolve("etc/socket")));
    }
  }

  @Test
  void overlayDiffTurnsWhiteoutsAndOpaqueDirectoriesIntoOciMarkersAndListsChangesAsDocker() throws Exception {
    Path lower = Files.createDirectory(dir.resolve("lower"));
    new LayerApplier().apply(new ByteArrayInputStream(new TarBuilder()
        .dir("etc", 0755).file("etc/passwd", 0644, "root").file("etc/hostname", 0644, "h")
        .dir("opaque", 0755).file("opaque/old", 0644, "old").dir("proc", 0555).build()), lower);
    Path upper = Files.createDirectory(dir.resolve("upper"));
    new LayerApplier().apply(new ByteArrayInputStream(new TarBuilder()
        .dir("etc", 0755).file("etc/passwd", 0644, "root\napp").file("etc/.wh.hostname", 0, "")
        .dir("opaque", 0700).file("opaque/.wh..wh..opq", 0, "").file("opaque/new", 0644, "new")
        .file("added", 0644, "a").dir("dev", 0755).build()), upper);

    try (DirectoryHandle up = DirectoryHandle.open(upper); DirectoryHandle low = DirectoryHandle.open(lower)) {
      OverlayUpper overlay = new OverlayUpper(up, java.util.Set.of("/dev", "/proc"));
      List<String> changes = new ArrayList<>();
      for (Change change : OverlayChanges.of(overlay, List.of(low))) {
        changes.add("CAD".charAt(change.kind().code()) + " " + change.path());
      }
      assertEquals(List.of("A /added", "C /etc", "D /etc/hostname", "C /etc/passwd", "D /opaque", "A /opaque/new"),
          changes, "/dev is the runtime's mount point");

      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      OverlayDiffWriter.write(overlay, new TarWriter(tar));
      assertEquals(List.of("added", "etc/", "etc/.wh.hostname", "etc/passwd", "opaque/", "opaque/.wh..wh..opq",
          "opaque/new"), names(tar.toByteArray()));

      Path reapplied = Files.createDirectory(dir.resolve("reapplied"));
      new LayerApplier().apply(new ByteArrayInputStream(tar.toByteArray()), reapplied);
      assertTrue(FileFacts.of(reapplied.resolve("etc/hostname")).rdev() == 0
          && FileFacts.of(reapplied.resolve("etc/hostname")).type() == PosixCalls.S_IFCHR);
      assertEquals("y", FileFacts.xattr(reapplied.resolve("opaque"), "trusted.overlay.opaque"));
      assertEquals(0700, FileFacts.of(reapplied.resolve("opaque")).permissions());
    }
  }

  private static List<String> names(byte[] tar) throws Exception {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    return names;
  }
}
