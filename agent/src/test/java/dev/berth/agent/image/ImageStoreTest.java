package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.snapshot.ChainIds;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
  @TempDir Path dir;

  private ImageStore open() throws IOException {
    return ImageStore.open(dir.resolve("state/images.json"), 
        new ImageResources(new ContentStore(dir.resolve("content")), new OverlaySnapshotter(dir.resolve("snapshots"))));
  }

  private static Image image(ImageStore store, String config, String... layers) throws IOException {
    ContentStore content = store.content();
    Digest id = content.write(config.getBytes(StandardCharsets.UTF_8));
    List<Digest> diffIds = new java.util.ArrayList<>();
    for (String layer : layers) {
      diffIds.add(content.write(layer.getBytes(StandardCharsets.UTF_8)));
    }
    return new Image(id, diffIds, diffIds.stream().map(d -> 10L).toList(), List.of(), null, Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void keepsImagesAndReferencesAcrossRestarts() throws IOException {
    ImageStore store = open();
    Image image = image(store, "{\"a\":1}", "layer1", "layer2");
    Reference latest = Reference.parse("busybox").withDefaultTag();
    store.put(image, List.of(latest));
    store.tag(Reference.parse("localhost:5000/bb:1"), image.id());

    ImageStore reopened = open();
    assertEquals(List.of(image), reopened.images());
    assertEquals(image, reopened.resolve("busybox"));
    assertEquals(image, reopened.resolve("busybox:latest"));
    assertEquals(image, reopened.resolve("localhost:5000/bb:1"));
    assertEquals(image, reopened.resolve(image.id().toString()));
    assertEquals(image, reopened.resolve(image.id().encoded().substring(0, 6)));
    assertEquals(List.of(latest, Reference.parse("localhost:5000/bb:1")), reopened.references(image.id()));
    assertThrows(ImageNotFoundException.class, () -> reopened.resolve("busybox:other"));
    assertEquals(20, image.size());
  }

  @Test
  void movingATagLeavesTheOldImageDangling() throws IOException {
    ImageStore store = open();
    Image first = image(store, "{\"v\":1}", "base");
    Image second = image(store, "{\"v\":2}", "base", "top");
    Reference app = Reference.parse("app:1");
    store.put(first, List.of(app));
    Map<Reference, Digest> moved = store.put(second, List.of(app));
    assertEquals(Map.of(app, first.id()), moved);
    assertEquals(Set.of(first.id()), store.untagged());
  }

  @Test
  void deletingAnImageDeletesOnlyBlobsNoOtherImageUses() throws IOException {
    ImageStore store = open();
    Image first = image(store, "{\"v\":1}", "base", "one");
    Image second = image(store, "{\"v\":2}", "base", "two");
    store.put(first, List.of(Reference.parse("a")));
    store.put(second, List.of(Reference.parse("b")));
    store.delete(first.id());
    ContentStore content = store.content();
    assertFalse(content.contains(first.id()));
    assertFalse(content.contains(first.diffIds().get(1)));
    assertTrue(content.contains(first.diffIds().get(0)), "the shared base layer stays");
    assertTrue(store.references().keySet().stream().noneMatch(r -> r.path().equals("library/a")));
  }

  @Test
  void startRepairsAnInterruptedRemovalOrLoad() throws IOException {
    ImageStore store = open();
    Image kept = image(store, "{\"v\":1}", "base");
    store.put(kept, List.of(Reference.parse("kept")));
    // a load that crashed before committing its image, or a removal that crashed after the index
    // was written: blobs that no image references
    Image orphan = image(store, "{\"v\":2}", "base", "orphan-layer");
    ImageStore reopened = open();
    assertTrue(reopened.content().contains(kept.id()));
    assertTrue(reopened.content().contains(kept.diffIds().get(0)));
    assertFalse(reopened.content().contains(orphan.id()));
    assertFalse(reopened.content().contains(orphan.diffIds().get(1)));
  }

  @Test
  void leasedBlobsSurviveAConcurrentRemoval() throws IOException {
    ImageStore store = open();
    Image old = image(store, "{\"v\":1}", "shared");
    store.put(old, List.of());
    try (ResourceLease lease = store.resources().lease()) {
      lease.holdBlob(old.diffIds().get(0));
      store.delete(old.id());
      assertTrue(store.content().contains(old.diffIds().get(0)));
    }
    assertFalse(store.content().contains(old.id()));
  }

  @Test
  void removingAnImageRemovesTheUnpackedLayersOnlyItUsed() throws IOException {
    ImageStore store = open();
    Image first = image(store, "{\"v\":1}", "base", "one");
    Image second = image(store, "{\"v\":2}", "base", "two");
    OverlaySnapshotter snapshots = store.resources().snapshots();
    for (Image image : List.of(first, second)) {
      for (Digest chainId : ChainIds.of(image.diffIds())) {
        snapshots.ensureLayer(chainId, target -> Files.writeString(target.resolve("file"), "x"));
      }
      store.put(image, List.of());
    }
    List<Digest> firstChain = ChainIds.of(first.diffIds());
    ImageResources.Released released = store.delete(first.id());
    assertEquals(List.of(firstChain.get(1)), released.chainIds());
    assertEquals(10, released.bytes());
    assertTrue(snapshots.hasLayer(firstChain.get(0)), "the shared base stays unpacked");
    assertFalse(snapshots.hasLayer(firstChain.get(1)));
  }
}
