package dev.berth.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted layers that try to write outside the target. Each must be refused with a message naming
 * the entry, and the sentinel directory beside the target must stay empty. Runs as root.
 */
@Tag("root")
class LayerApplierSafetyAsRootTest {
  @TempDir Path dir;
  Path target;
  Path sentinel;

  @BeforeEach
  void makeDirs() throws IOException {
    target = Files.createDirectory(dir.resolve("target"));
    sentinel = Files.createDirectory(dir.resolve("sentinel"));
  }

  @AfterEach
  void sentinelStaysEmpty() throws IOException {
    try (Stream<Path> entries = Files.list(sentinel)) {
      assertEquals(0, entries.count(), "something was written outside the target");
    }
  }

  @Test
  void refusesDotDotComponent() {
    assertUnsafe(new TarBuilder().file("../sentinel/evil", 0644, "x"), "../sentinel/evil", "'..'");
  }

  @Test
  void refusesDotDotInTheMiddle() {
    assertUnsafe(new TarBuilder().dir("a", 0755).file("a/../../sentinel/evil", 0644, "x"),
        "a/../../sentinel/evil", "'..'");
  }

  @Test
  void refusesAbsoluteName() {
    assertUnsafe(new TarBuilder().file(sentinel.resolve("evil").toString(), 0644, "x"),
        sentinel.resolve("evil").toString(), "absolute");
  }

  @Test
  void refusesFileThroughSymlinkCreatedByTheLayer() {
    TarBuilder tar = new TarBuilder().symlink("escape", sentinel.toString()).file("escape/evil", 0644, "x");
    assertUnsafe(tar, "escape/evil", "symlink escape");
  }

  @Test
  void refusesFileThroughRelativeSymlinkCreatedByTheLayer() {
    TarBuilder tar = new TarBuilder().symlink("escape", "../sentinel").file("./escape/evil", 0644, "x");
    assertUnsafe(tar, "escape/evil", "symlink escape");
  }

  @Test
  void refusesFileThroughSymlinkAlreadyInTarget() throws IOException {
    Files.createSymbolicLink(target.resolve("escape"), sentinel);
    assertUnsafe(new TarBuilder().file("escape/evil", 0644, "x"), "escape/evil", "symlink escape");
  }

  @Test
  void refusesDirectoryThroughSymlinkDeeperInThePath() {
    TarBuilder tar = new TarBuilder().dir("a", 0755).symlink("a/b", sentinel.toString())
        .dir("a/b/c", 0755);
    assertUnsafe(tar, "a/b/c", "symlink a/b");
  }

  @Test
  void refusesHardLinkWithDotDot() {
    assertUnsafe(new TarBuilder().hardLink("ok", "../sentinel/x"), "ok", "leaves the layer");
  }

  @Test
  void refusesAbsoluteHardLink() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "secret");
    assertUnsafe(new TarBuilder().hardLink("ok", outside.toString()), "ok", "leaves the layer");
  }

  @Test
  void refusesHardLinkThroughSymlink() throws IOException {
    Files.writeString(dir.resolve("outside"), "secret");
    TarBuilder tar = new TarBuilder().symlink("up", "..").hardLink("ok", "up/outside");
    assertUnsafe(tar, "ok", "symlink up");
  }

  @Test
  void refusesWhiteoutOfDotDot() {
    assertUnsafe(new TarBuilder().file(".wh...", 0644, ""), ".wh...", "whiteout");
  }

  @Test
  void refusesWhiteoutThroughSymlink() {
    TarBuilder tar = new TarBuilder().symlink("escape", sentinel.toString()).file("escape/.wh.x", 0644, "");
    assertUnsafe(tar, "escape/.wh.x", "symlink escape");
  }

  @Test
  void refusesOpaqueMarkerThroughSymlink() {
    TarBuilder tar = new TarBuilder().symlink("escape", sentinel.toString())
        .file("escape/.wh..wh..opq", 0644, "");
    assertUnsafe(tar, "escape/.wh..wh..opq", "symlink escape");
  }

  @Test
  void fileReplacingAnOutwardSymlinkIsWrittenInsideTheTarget() throws IOException {
    byte[] tar = new TarBuilder().symlink("f", sentinel.resolve("f").toString())
        .file("f", 0644, "inside").build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);
    assertTrue(Files.isRegularFile(target.resolve("f"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("inside", Files.readString(target.resolve("f")));
  }

  @Test
  void directoryReplacingAnOutwardSymlinkIsCreatedInsideTheTarget() throws IOException {
    byte[] tar = new TarBuilder().symlink("d", sentinel.toString()).dir("d", 0755)
        .file("d/f", 0644, "inside").build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);
    assertTrue(Files.isDirectory(target.resolve("d"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("inside", Files.readString(target.resolve("d/f")));
  }

  @Test
  void symlinksMayPointAnywhereAndAreNotFollowed() throws IOException {
    byte[] tar = new TarBuilder().symlink("abs", "/etc/passwd").symlink("rel", "../../sentinel")
        .device("dev", TarConstants.LF_CHR, 1, 3).build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);
    assertEquals(Paths.get("/etc/passwd"), Files.readSymbolicLink(target.resolve("abs")));
    assertEquals(Paths.get("../../sentinel"), Files.readSymbolicLink(target.resolve("rel")));
  }

  private void assertUnsafe(TarBuilder tar, String entry, String why) {
    byte[] bytes = tar.build();
    UnsafeLayerException e = assertThrows(UnsafeLayerException.class,
        () -> new LayerApplier().apply(new ByteArrayInputStream(bytes), target));
    assertTrue(e.getMessage().contains(entry), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
