package dev.berth.agent.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer and snapshot bookkeeping on disk; nothing here mounts, so it runs without root. */
class OverlaySnapshotterTest {
  @TempDir Path root;

  @Test
  void commitsAnUnpackedLayerUnderItsChainIdWithAShortLink() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest chainId = digest("layer");

    snapshotter.ensureLayer(chainId, dir -> Files.writeString(dir.resolve("hello"), "world"));

    assertTrue(snapshotter.hasLayer(chainId));
    assertEquals(root.resolve("layers").resolve(chainId.encoded()).resolve("fs"), snapshotter.layerPath(chainId));
    assertEquals("world", Files.readString(snapshotter.layerPath(chainId).resolve("hello")));
    assertEquals(Set.of(chainId), snapshotter.layers());
    String link = Files.readString(root.resolve("layers").resolve(chainId.encoded()).resolve("link"));
    assertEquals(snapshotter.layerPath(chainId).toRealPath(), root.resolve("l").resolve(link).toRealPath());
    assertEquals(List.of(), list(root.resolve("tmp")));
  }

  @Test
  void aFailedUnpackCommitsNothingAndLeavesNothingBehind() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest chainId = digest("broken");

    IOException thrown = assertThrows(IOException.class, () -> snapshotter.ensureLayer(chainId, dir -> {
      Files.writeString(dir.resolve("half"), "written");
      throw new IOException("truncated tar");
    }));
    assertThrows(IllegalStateException.class, () -> snapshotter.ensureLayer(chainId, dir -> {
      throw new IllegalStateException("bug");
    }));

    assertEquals("truncated tar", thrown.getMessage());
    assertFalse(snapshotter.hasLayer(chainId));
    assertEquals(Set.of(), snapshotter.layers());
    assertEquals(List.of(), list(root.resolve("tmp")));
    assertEquals(List.of(), list(root.resolve("l")));
  }

  @Test
  void concurrentCallsForOneLayerUnpackItOnce() throws Exception {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest chainId = digest("shared");
    AtomicInteger unpacks = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          snapshotter.ensureLayer(chainId, dir -> {
            unpacks.incrementAndGet();
            sleep(100);
            Files.writeString(dir.resolve("f"), "x");
          });
          return null;
        }));
      }
      start.countDown();
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, unpacks.get());
    assertEquals(1, list(root.resolve("l")).size());
  }

  @Test
  void openingRepairsWhatACrashLeft() throws IOException {
    OverlaySnapshotter first = new OverlaySnapshotter(root);
    Digest kept = digest("kept");
    Digest lostLink = digest("lost link");
    first.ensureLayer(kept, dir -> Files.writeString(dir.resolve("k"), "k"));
    first.ensureLayer(lostLink, dir -> Files.writeString(dir.resolve("l"), "l"));
    first.prepare("keep", List.of(kept));
    String link = Files.readString(root.resolve("layers").resolve(lostLink.encoded()).resolve("link"));
    Files.delete(root.resolve("l").resolve(link));
    Files.createDirectories(root.resolve("tmp/layer-123/fs/usr/bin"));
    Files.createSymbolicLink(root.resolve("l/AAAAAAAAAAAA"), Path.of("../layers/gone/fs"));
    Digest halfMade = digest("half made");
    Files.createDirectories(root.resolve("layers").resolve(halfMade.encoded()).resolve("fs"));
    Files.createDirectories(root.resolve("active/orphan/upper"));

    OverlaySnapshotter reopened = new OverlaySnapshotter(root);

    assertEquals(List.of(), list(root.resolve("tmp")));
    assertEquals(Set.of(kept, lostLink), reopened.layers());
    assertEquals("l", Files.readString(root.resolve("l").resolve(link).resolve("l")));
    assertFalse(Files.exists(root.resolve("l/AAAAAAAAAAAA"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(root.resolve("layers").resolve(halfMade.encoded())));
    assertEquals(2, list(root.resolve("l")).size());
    assertEquals(Set.of("keep"), reopened.activeKeys());
    assertEquals(List.of(kept), reopened.active("keep").orElseThrow().parents());
  }

  @Test
  void layerSizeCountsFileBytesWithHardLinksOnce() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest chainId = digest("sized");
    snapshotter.ensureLayer(chainId, dir -> {
      Files.write(Files.createDirectories(dir.resolve("usr/lib")).resolve("big"), new byte[10_000]);
      Files.createLink(dir.resolve("usr/lib/big-again"), dir.resolve("usr/lib/big"));
      Files.writeString(dir.resolve("small"), "12345");
    });

    assertEquals(10_005, snapshotter.layerSize(chainId));
    assertThrows(NoSuchFileException.class, () -> snapshotter.layerSize(digest("absent")));
  }

  @Test
  void removeLayerDeletesItsDirectoryAndLinkAndIgnoresAbsentLayers() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest chainId = digest("doomed");
    snapshotter.ensureLayer(chainId, dir -> Files.writeString(dir.resolve("f"), "x"));

    snapshotter.removeLayer(chainId);
    snapshotter.removeLayer(chainId);

    assertFalse(snapshotter.hasLayer(chainId));
    assertEquals(List.of(), list(root.resolve("layers")));
    assertEquals(List.of(), list(root.resolve("l")));
    assertEquals(List.of(), list(root.resolve("tmp")));
  }

  @Test
  void aLayerUnderAnActiveSnapshotCannotBeRemoved() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest chainId = digest("busy");
    snapshotter.ensureLayer(chainId, dir -> Files.writeString(dir.resolve("f"), "x"));
    snapshotter.prepare("c1", List.of(chainId));

    IOException refused = assertThrows(IOException.class, () -> snapshotter.removeLayer(chainId));

    assertTrue(refused.getMessage().contains("in use by snapshot c1"), refused.getMessage());
    assertTrue(snapshotter.hasLayer(chainId));
    snapshotter.removeActive("c1");
    snapshotter.removeLayer(chainId);
    assertFalse(snapshotter.hasLayer(chainId));
  }

  @Test
  void prepareMakesUpperAndWorkAndRemoveActiveDeletesThem() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest bottom = digest("bottom");
    Digest top = digest("top");
    snapshotter.ensureLayer(bottom, dir -> { });
    snapshotter.ensureLayer(top, dir -> { });

    ActiveSnapshot snapshot = snapshotter.prepare("c1", List.of(bottom, top));

    assertEquals(new ActiveSnapshot("c1", List.of(bottom, top), root.resolve("active/c1/upper"),
        root.resolve("active/c1/work")), snapshot);
    assertTrue(Files.isDirectory(snapshot.upper()) && Files.isDirectory(snapshot.work()));
    assertEquals(Set.of("c1"), snapshotter.activeKeys());
    assertEquals(snapshot, new OverlaySnapshotter(root).active("c1").orElseThrow());

    snapshotter.removeActive("c1");
    snapshotter.removeActive("c1");

    assertEquals(Set.of(), snapshotter.activeKeys());
    assertEquals(List.of(), list(root.resolve("active")));
    assertEquals(List.of(), list(root.resolve("tmp")));
  }

  @Test
  void prepareRefusesTooManyLayersUnknownLayersTakenKeysAndBadKeys() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    Digest layer = digest("one");
    snapshotter.ensureLayer(layer, dir -> { });
    snapshotter.prepare("taken", List.of(layer));
    List<Digest> tooMany = new ArrayList<>();
    for (int i = 0; i <= OverlaySnapshotter.MAX_LAYERS; i++) {
      tooMany.add(layer);
    }

    IllegalArgumentException tooTall =
        assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("tall", tooMany));
    assertThrows(NoSuchFileException.class, () -> snapshotter.prepare("c2", List.of(layer, digest("absent"))));
    assertThrows(FileAlreadyExistsException.class, () -> snapshotter.prepare("taken", List.of(layer)));
    assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("../escape", List.of(layer)));
    assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("a,upperdir=x", List.of(layer)));

    assertTrue(tooTall.getMessage().contains("126 layers") && tooTall.getMessage().contains("at most 125"),
        tooTall.getMessage());
    assertEquals(Set.of("taken"), snapshotter.activeKeys());
  }

  @Test
  void mountOptionsFor125LayersFitInOnePageEvenWithALongKey() throws IOException {
    OverlaySnapshotter snapshotter = new OverlaySnapshotter(root);
    List<Digest> chainIds = new ArrayList<>();
    for (int i = 0; i < OverlaySnapshotter.MAX_LAYERS; i++) {
      Digest chainId = digest("layer " + i);
      snapshotter.ensureLayer(chainId, dir -> { });
      chainIds.add(chainId);
    }

    String options = snapshotter.mountOptions("f".repeat(128), chainIds);

    assertTrue(options.length() < 2400, options.length() + " bytes");
    assertTrue(options.startsWith("lowerdir=l/"), options);
  }

  static Digest digest(String text) {
    return Digest.of(text.getBytes(StandardCharsets.UTF_8));
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
