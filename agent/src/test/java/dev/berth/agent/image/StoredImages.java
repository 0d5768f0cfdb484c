package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test images put straight into a real store: a config blob and small layer blobs. */
final class StoredImages {
  private StoredImages() {}

  static ImageStore open(Path dir) throws IOException {
    return ImageStore.open(dir.resolve("state/images.json"), new ImageResources(
        new ContentStore(dir.resolve("content")), new OverlaySnapshotter(dir.resolve("snapshots"))));
  }

  /** An image whose config is {@code {"created": …, "config": {"Labels": …}}} plus {@code extra}. */
  static Image add(ImageStore store, int createdSecond, String labelsJson, Digest parent, String... layers)
      throws IOException {
    String created = Instant.ofEpochSecond(1_700_000_000L + createdSecond).toString();
    String config = "{\"created\":\"" + created + "\",\"config\":{\"Labels\":" + labelsJson + "},\"rootfs\":{}}";
    ContentStore content = store.content();
    Digest id = content.write(config.getBytes(StandardCharsets.UTF_8));
    List<Digest> diffIds = new ArrayList<>();
    for (String layer : layers) {
      diffIds.add(content.write(layer.getBytes(StandardCharsets.UTF_8)));
    }
    Image image = new Image(id, diffIds, diffIds.stream().map(d -> 100L).toList(), List.of(), parent,
        Instant.parse(created));
    store.put(image, List.of());
    return image;
  }
}
