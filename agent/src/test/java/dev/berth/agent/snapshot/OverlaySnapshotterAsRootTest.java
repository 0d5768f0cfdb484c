package dev.berth.agent.snapshot;

import static dev.berth.agent.snapshot.OverlaySnapshotterTest.digest;
import static dev.berth.agent.snapshot.OverlaySnapshotterTest.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlayfs mounts: needs root (CAP_SYS_ADMIN), mknod and setfattr (package attr). */
@Tag("root")
class OverlaySnapshotterAsRootTest {
  @TempDir Path temp;
  private Path root;
  private OverlaySnapshotter snapshotter;

  @BeforeEach
  void requireRootAndOverlay() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount");
    assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("\toverlay"), "needs overlayfs");
    root = temp.resolve("snapshots");
    snapshotter = new OverlaySnapshotter(root);
  }

  /** Runs before @TempDir deletes anything, so a failed test never deletes through a mount. */
  @AfterEach
  void unmountEverythingUnderTemp() throws Exception {
    String prefix = temp.toRealPath() + "/";
    for (int pass = 0; pass < 8; pass++) {
      List<String> mounted = MountTable.mountPoints().stream().filter(p -> p.startsWith(prefix)).toList();
      if (mounted.isEmpty()) {
        return;
      }
      for (String mountPoint : mounted) {
        new ProcessBuilder("umount", "--lazy", mountPoint).inheritIO().start().waitFor();
      }
    }
  }

  @Test
  void whiteoutsAndOpaqueDirectoriesHideLowerFilesAndWritesGoToUpper() throws Exception {
    Digest bottom = digest("bottom");
    Digest top = digest("top");
    snapshotter.ensureLayer(bottom, dir -> {
      Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("gone"), "deleted above");
      Files.writeString(dir.resolve("etc/kept"), "kept");
      Files.writeString(Files.createDirectories(dir.resolve("opaque")).resolve("old"), "hidden");
    });
    snapshotter.ensureLayer(top, dir -> {
      run("mknod", Files.createDirectories(dir.resolve("etc")).resolve("gone").toString(), "c", "0", "0");
      Files.writeString(Files.createDirectories(dir.resolve("opaque")).resolve("new"), "visible");
      run("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", dir.resolve("opaque").toString());
    });
    ActiveSnapshot snapshot = snapshotter.prepare("c1", List.of(bottom, top));
    Path rootfs = temp.resolve("containers/c1/rootfs");

    snapshotter.mount(snapshot, rootfs);

    assertFalse(Files.exists(rootfs.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("kept", Files.readString(rootfs.resolve("etc/kept")));
    assertEquals(List.of(rootfs.resolve("opaque/new")), list(rootfs.resolve("opaque")));
    Files.writeString(rootfs.resolve("etc/kept"), "changed");
    Files.writeString(rootfs.resolve("created"), "new file");
    Files.delete(rootfs.resolve("opaque/new"));
    assertEquals("changed", Files.readString(snapshot.upper().resolve("etc/kept")));
    assertEquals("new file", Files.readString(snapshot.upper().resolve("created")));
    assertEquals("kept", Files.readString(snapshotter.layerPath(bottom).resolve("etc/kept")));
    assertEquals("visible", Files.readString(snapshotter.layerPath(top).resolve("opaque/new")));
    assertTrue(isWhiteout(snapshot.upper().resolve("opaque/new")), "deletion leaves a whiteout in upper");

    snapshotter.removeActive("c1");

    assertFalse(MountTable.isMountPoint(rootfs));
    assertEquals(List.of(), list(rootfs));
    assertEquals(Set.of(), snapshotter.activeKeys());
    assertEquals(List.of(), list(root.resolve("active")));
    assertEquals(List.of(), list(root.resolve("tmp")));
    assertEquals(Set.of(bottom, top), snapshotter.layers());
  }

  @Test
  void mountsAllOf125LayersAndRefuses126() throws Exception {
    List<Digest> chainIds = new ArrayList<>();
    for (int i = 0; i < OverlaySnapshotter.MAX_LAYERS; i++) {
      int n = i;
      Digest chainId = digest("layer " + i);
      snapshotter.ensureLayer(chainId, dir -> Files.writeString(dir.resolve("layer-" + n), "from " + n));
      chainIds.add(chainId);
    }
    String key = "f".repeat(64);
    ActiveSnapshot snapshot = snapshotter.prepare(key, chainIds);
    Path rootfs = temp.resolve("rootfs");

    snapshotter.mount(snapshot, rootfs);

    assertEquals("from 0", Files.readString(rootfs.resolve("layer-0")));
    assertEquals("from 124", Files.readString(rootfs.resolve("layer-124")));
    assertEquals(125, list(rootfs).size());
    List<Digest> tooMany = new ArrayList<>(chainIds);
    tooMany.add(chainIds.get(0));
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> snapshotter.mountView(tooMany, temp.resolve("view")));
    assertTrue(refused.getMessage().contains("at most 125"), refused.getMessage());
    snapshotter.unmount(rootfs);
    assertFalse(MountTable.isMountPoint(rootfs));
  }

  @Test
  void viewsAreReadOnlyForManyLayersOneLayerAndNone() throws Exception {
    Digest bottom = digest("bottom");
    Digest top = digest("top");
    snapshotter.ensureLayer(bottom, dir -> Files.writeString(dir.resolve("a"), "a"));
    snapshotter.ensureLayer(top, dir -> Files.writeString(dir.resolve("b"), "b"));
    Path both = temp.resolve("both");
    Path one = temp.resolve("one");
    Path none = temp.resolve("none");

    snapshotter.mountView(List.of(bottom, top), both);
    snapshotter.mountView(List.of(top), one);
    snapshotter.mountView(List.of(), none);

    assertEquals(List.of("a", "b"), names(both));
    assertEquals(List.of("b"), names(one));
    assertEquals(List.of(), names(none));
    for (Path view : List.of(both, one, none)) {
      assertThrows(FileSystemException.class, () -> Files.writeString(view.resolve("x"), "x"));
      snapshotter.unmount(view);
      assertFalse(MountTable.isMountPoint(view));
    }
  }

  @Test
  void unmountIsQuietWhenNothingIsMountedAndLazyWhenBusy() throws Exception {
    Digest layer = digest("layer");
    snapshotter.ensureLayer(layer, dir -> Files.writeString(dir.resolve("f"), "open"));
    Path rootfs = temp.resolve("rootfs");
    snapshotter.unmount(rootfs);
    snapshotter.unmount(temp);
    snapshotter.mount(snapshotter.prepare("c1", List.of(layer)), rootfs);

    try (InputStream busy = Files.newInputStream(rootfs.resolve("f"))) {
      snapshotter.unmount(rootfs);
      assertFalse(MountTable.isMountPoint(rootfs));
      assertEquals("open", new String(busy.readAllBytes()));
    }
    snapshotter.removeActive("c1");
    assertEquals(Set.of(), snapshotter.activeKeys());
  }

  private static boolean isWhiteout(Path path) throws IOException {
    Object rdev = Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isOther() && ((Number) rdev).longValue() == 0;
  }

  private static List<String> names(Path dir) throws IOException {
    return list(dir).stream().map(p -> p.getFileName().toString()).sorted().toList();
  }

  private static void run(String... argv) throws IOException {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", argv) + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
