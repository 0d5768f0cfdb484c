package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Docker's {@code image prune}: dangling images (no tag, no child), or with {@code all} every
 * image no container uses; each removed as {@code rmi} would, parents included.
 */
final class ImagePruner {
  private final ImageStore store;
  private final ImageUsers users;
  private final ImageRemover remover;

  ImagePruner(ImageStore store, ImageUsers users, ImageRemover remover) {
    this.store = store;
    this.users = users;
    this.remover = remover;
  }

  /** Removes what {@code all} selects and {@code filter} (until, label) accepts; reports it. */
  PruneReport prune(boolean all, Predicate<Image> filter) throws IOException {
    synchronized (store) {
      List<ImageDeleteItem> deleted = new ArrayList<>();
      long reclaimed = 0;
      for (Image image : store.images()) {
        Digest id = image.id();
        if (store.get(id).isEmpty() || !users.of(id).isEmpty() || !filter.test(image)) {
          continue; // gone with an earlier one, or in use, or filtered out
        }
        List<Reference> references = store.references(id);
        boolean hasChildren = !store.children(id).isEmpty();
        if (references.isEmpty() && hasChildren) {
          continue; // an intermediate image: it goes with its child
        }
        if (!references.isEmpty()) {
          boolean tagged = references.stream().anyMatch(r -> r.tag().isPresent());
          if (!all && tagged) {
            continue;
          }
          for (Reference reference : references) {
            if (store.get(id).isPresent()) {
              reclaimed += removeInto(reference.toString(), deleted);
            }
          }
        } else {
          reclaimed += removeInto(id.toString(), deleted);
        }
      }
      return new PruneReport(List.copyOf(deleted), reclaimed);
    }
  }

  private long removeInto(String referenceOrId, List<ImageDeleteItem> deleted) throws IOException {
    try {
      ImageRemover.Removal removal = remover.remove(referenceOrId, false, false);
      deleted.addAll(removal.items());
      return removal.reclaimedBytes();
    } catch (ImageConflictException stillNeeded) {
      return 0; // as Docker: prune skips what it may not remove
    }
  }
}
