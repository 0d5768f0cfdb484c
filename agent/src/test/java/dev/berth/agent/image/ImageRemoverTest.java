package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRemoverTest {
  @TempDir Path dir;

  private static ImageDeleteItem untagged(String reference) {
    return new ImageDeleteItem(reference, null);
  }

  private static ImageDeleteItem deleted(Digest id) {
    return new ImageDeleteItem(null, id.toString());
  }

  @Test
  void removingOneOfSeveralTagsOnlyUntags() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image image = StoredImages.add(store, 1, "{}", null, "layer");
    store.tag(Reference.parse("app:1"), image.id());
    store.tag(Reference.parse("app:2"), image.id());
    ImageRemover remover = new ImageRemover(store, ImageUsers.NONE);
    assertEquals(List.of(untagged("app:1")), remover.remove("app:1", false, false).items());
    assertTrue(store.get(image.id()).isPresent());
    ImageRemover.Removal last = remover.remove("app:2", false, false);
    assertEquals(List.of(untagged("app:2"), deleted(image.id()), deleted(image.diffIds().get(0))), last.items());
    assertFalse(store.get(image.id()).isPresent());
    assertFalse(store.content().contains(image.id()));
  }

  @Test
  void removingByIdNeedsForceWhenTaggedInSeveralRepositories() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image image = StoredImages.add(store, 1, "{}", null, "layer");
    store.tag(Reference.parse("one:1"), image.id());
    store.tag(Reference.parse("two:1"), image.id());
    ImageRemover remover = new ImageRemover(store, ImageUsers.NONE);
    ImageConflictException conflict = assertThrows(ImageConflictException.class,
        () -> remover.remove(image.id().shortId(), false, false));
    assertEquals("conflict: unable to delete " + image.id().shortId()
        + " (must be forced) - image is referenced in multiple repositories", conflict.getMessage());
    List<ImageDeleteItem> items = remover.remove(image.id().shortId(), true, false).items();
    assertEquals(List.of(untagged("one:1"), untagged("two:1"), deleted(image.id())), items.subList(0, 3));
  }

  @Test
  void removingByIdUntagsASingleRepository() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image image = StoredImages.add(store, 1, "{}", null);
    store.tag(Reference.parse("one:1"), image.id());
    List<ImageDeleteItem> items = new ImageRemover(store, ImageUsers.NONE).remove(image.id().toString(), false, false).items();
    assertEquals(List.of(untagged("one:1"), deleted(image.id())), items);
  }

  @Test
  void anImageAContainerUsesNeedsForceAndARunningOneCannotGo() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image image = StoredImages.add(store, 1, "{}", null, "layer");
    store.tag(Reference.parse("app"), image.id());
    Map<Digest, List<ImageUsers.User>> users = new java.util.HashMap<>();
    users.put(image.id(), List.of(new ImageUsers.User("c0ffee1234567890", false)));
    ImageRemover remover = new ImageRemover(store, id -> users.getOrDefault(id, List.of()));
    ImageConflictException conflict = assertThrows(ImageConflictException.class, () -> remover.remove("app", false, false));
    assertTrue(conflict.getMessage().contains("container c0ffee123456 is using its referenced image"), conflict.getMessage());
    assertThrows(ImageConflictException.class, () -> remover.remove(image.id().toString(), false, false));
    users.put(image.id(), List.of(new ImageUsers.User("c0ffee1234567890", true)));
    ImageConflictException running = assertThrows(ImageConflictException.class,
        () -> remover.remove(image.id().toString(), true, false));
    assertTrue(running.getMessage().contains("(cannot be forced) - image is being used by running container"));
    users.put(image.id(), List.of(new ImageUsers.User("c0ffee1234567890", false)));
    remover.remove(image.id().toString(), true, false);
    assertFalse(store.get(image.id()).isPresent());
  }

  @Test
  void removingAChildTakesItsUntaggedParentsUnlessNoPrune() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image base = StoredImages.add(store, 1, "{}", null, "base");
    Image middle = StoredImages.add(store, 2, "{}", base.id(), "base", "mid");
    Image top = StoredImages.add(store, 3, "{}", middle.id(), "base", "mid", "top");
    store.tag(Reference.parse("top"), top.id());
    ImageRemover remover = new ImageRemover(store, ImageUsers.NONE);
    assertThrows(ImageConflictException.class, () -> remover.remove(middle.id().toString(), true, false),
        "an image with children cannot go, even forced");
    List<ImageDeleteItem> items = remover.remove("top", false, true).items();
    assertEquals(untagged("top:latest"), items.get(0));
    assertEquals(Set.of(base.id(), middle.id()), Set.copyOf(store.images().stream().map(Image::id).toList()),
        "no-prune keeps the parents");
    new ImageRemover(store, ImageUsers.NONE).remove(middle.id().toString(), false, false);
    assertTrue(store.images().isEmpty(), "the untagged parent went with its child");
  }

  @Test
  void pruneRemovesDanglingImagesOrWithAllEveryUnusedOne() throws IOException {
    ImageStore store = StoredImages.open(dir);
    Image old = StoredImages.add(store, 1, "{}", null, "shared", "old");
    Image current = StoredImages.add(store, 2, "{}", null, "shared", "new");
    Image used = StoredImages.add(store, 3, "{}", null, "used");
    store.tag(Reference.parse("app"), old.id());
    store.tag(Reference.parse("app"), current.id()); // old is now dangling
    store.tag(Reference.parse("used"), used.id());
    ImageUsers users = id -> id.equals(used.id()) ? List.of(new ImageUsers.User("c1", false)) : List.of();
    ImageRemover remover = new ImageRemover(store, users);
    PruneReport dangling = new ImagePruner(store, users, remover).prune(false, image -> true);
    assertEquals(List.of(deleted(old.id()), deleted(dev.berth.agent.snapshot.ChainIds.of(old.diffIds()).get(1))),
        dangling.deleted());
    assertEquals(100, dangling.spaceReclaimed());
    PruneReport all = new ImagePruner(store, users, remover).prune(true, image -> true);
    assertEquals(List.of(untagged("app:latest"), deleted(current.id())), all.deleted().subList(0, 2));
    assertEquals(List.of(used), store.images());
  }
}
