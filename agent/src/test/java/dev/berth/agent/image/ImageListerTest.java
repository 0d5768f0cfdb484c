package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListerTest {
  @TempDir Path dir;

  @Test
  void filtersLikeDockerImages() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image base = StoredImages.add(store, 1, "{\"tier\":\"base\"}", null, "a");
    Image intermediate = StoredImages.add(store, 2, "{}", base.id(), "a", "b");
    Image app = StoredImages.add(store, 3, "{\"tier\":\"app\",\"team\":\"x\"}", intermediate.id(), "a", "b", "c");
    Image dangling = StoredImages.add(store, 4, "{}", null, "d");
    store.tag(Reference.parse("busybox:1.36"), base.id());
    store.tag(Reference.parse("localhost:5000/app:v1"), app.id());
    ImageLister lister = new ImageLister(store, ImageUsers.NONE, new ImageConfigs(store.content()));

    assertEquals(List.of(dangling.id(), app.id(), base.id()), ids(lister.list(ImageFilters.none())));
    assertEquals(List.of(dangling.id(), app.id(), intermediate.id(), base.id()),
        ids(lister.list(ImageFilters.none().withAll(true))));
    assertEquals(List.of(dangling.id()), ids(lister.list(filters(Map.of("dangling", List.of("true"))))));
    assertEquals(List.of(base.id()), ids(lister.list(filters(Map.of("reference", List.of("busy*"))))));
    assertEquals(List.of(base.id()), ids(lister.list(filters(Map.of("reference", List.of("busybox:1.*"))))));
    assertEquals(List.of(app.id()), ids(lister.list(filters(Map.of("reference", List.of("localhost:5000/*"))))));
    assertEquals(List.of(app.id()), ids(lister.list(filters(Map.of("label", List.of("tier=app", "team"))))));
    assertEquals(List.of(app.id(), base.id()), ids(lister.list(filters(Map.of("label", List.of("tier"))))));
    assertEquals(List.of(base.id()), ids(lister.list(filters(Map.of("before", List.of("localhost:5000/app:v1"))))));
    assertEquals(List.of(dangling.id()), ids(lister.list(filters(Map.of("since", List.of("localhost:5000/app:v1"))))));
    ImageSummary row = lister.list(filters(Map.of("reference", List.of("busybox")))).get(0);
    assertEquals(List.of("busybox:1.36"), row.repoTags());
    assertEquals(100, row.size());
  }

  private static ImageFilters filters(Map<String, List<String>> filters) {
    return ImageFilters.of(filters, false);
  }

  private static List<dev.berth.agent.content.Digest> ids(List<ImageSummary> rows) {
    return rows.stream().map(r -> dev.berth.agent.content.Digest.parse(r.id())).toList();
  }
}
