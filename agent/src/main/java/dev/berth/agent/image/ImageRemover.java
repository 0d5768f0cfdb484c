package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.events.EventAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code rmi} semantics. A name removes that reference; the image goes with its last
 * reference. An id removes the image with all its references when they are all of one
 * repository (else it must be forced). Conflicts, soft (force overrides) or hard: dependent
 * child images and running containers are hard, other tags and stopped containers soft. After
 * a removal, untagged parents nothing else uses go too, unless {@code noPrune}. Each untag and
 * deletion is published as dockerd publishes it (not the digest references cleaned up with a tag).
 */
final class ImageRemover {
  private final ImageStore store;
  private final ImageUsers users;
  private final ImageEvents events;
  private long reclaimed;

  ImageRemover(ImageStore store, ImageUsers users) {
    this(store, users, new ImageEvents(EngineEvents.NONE, id -> Map.of()));
  }

  ImageRemover(ImageStore store, ImageUsers users, ImageEvents events) {
    this.store = store;
    this.users = users;
    this.events = events;
  }

  /** What a removal did: Docker's report, and the bytes of unpacked layers it freed. */
  record Removal(List<ImageDeleteItem> items, long reclaimedBytes) {}

  /** Removes one reference or image; reports what was untagged and deleted, in Docker's order. */
  Removal remove(String referenceOrId, boolean force, boolean noPrune) throws IOException {
    synchronized (store) {
      reclaimed = 0;
      List<ImageDeleteItem> records = new ArrayList<>();
      removeInto(referenceOrId, force, noPrune, records);
      return new Removal(List.copyOf(records), reclaimed);
    }
  }

  private void removeInto(String referenceOrId, boolean force, boolean noPrune, List<ImageDeleteItem> records)
      throws IOException {
    {
      Image image = store.resolve(referenceOrId);
      List<Reference> references = store.references(image.id());
      boolean byName = !isIdPrefix(image.id(), referenceOrId);
      if (byName) {
        Reference named = Reference.parse(referenceOrId).withDefaultTag();
        List<ImageUsers.User> using = users.of(image.id());
        if (!using.isEmpty() && !force && references.size() == 1) {
          throw new ImageConflictException("conflict: unable to remove repository reference \"" + referenceOrId
              + "\" (must force) - container " + shortId(using.get(0).containerId())
              + " is using its referenced image " + image.id().shortId());
        }
        if (store.untag(named)) {
          untagged(image.id(), named, records);
        }
        references = store.references(image.id());
        if (named.digest().isEmpty() && references.stream().noneMatch(r -> r.tag().isPresent()
            && r.digest().isEmpty() && r.name().equals(named.name()))) {
          for (Reference digestRef : references) { // no tag of that repository left: its digests go too
            if (digestRef.name().equals(named.name()) && store.untag(digestRef)) {
              records.add(ImageDeleteItem.untagged(digestRef));
            }
          }
          references = store.references(image.id());
        }
        if (!references.isEmpty()) {
          return;
        }
      } else if (isSingleRepository(references)) {
        checkConflicts(image.id(), force, false);
        for (Reference reference : references) {
          store.untag(reference);
          untagged(image.id(), reference, records);
        }
      }
      deleteWithParents(image.id(), records, force, !noPrune, byName);
    }
  }

  private void deleteWithParents(Digest id, List<ImageDeleteItem> records, boolean force, boolean prune,
      boolean quiet) throws IOException {
    ImageConflictException conflict = conflict(id, force, true);
    if (conflict != null) {
      if (quiet) {
        return; // the reference was removed; the image stays for what still needs it
      }
      throw conflict;
    }
    Image image = store.get(id).orElseThrow();
    for (Reference reference : store.references(id)) {
      untagged(id, reference, records);
    }
    ImageResources.Released released = store.delete(id);
    reclaimed += released.bytes();
    events.publish(id, EventAction.DELETE);
    records.add(ImageDeleteItem.deleted(id.toString()));
    released.chainIds().forEach(chainId -> records.add(ImageDeleteItem.deleted(chainId.toString())));
    if (prune && image.parentId().isPresent() && store.get(image.parent()).isPresent()
        && store.references(image.parent()).isEmpty()) {
      deleteWithParents(image.parent(), records, false, true, true);
    }
  }

  private void untagged(Digest id, Reference reference, List<ImageDeleteItem> records) {
    events.publish(id, EventAction.UNTAG);
    records.add(ImageDeleteItem.untagged(reference));
  }

  private void checkConflicts(Digest id, boolean force, boolean activeReferences) throws ImageConflictException {
    ImageConflictException conflict = conflict(id, force, activeReferences);
    if (conflict != null) {
      throw conflict;
    }
  }

  private ImageConflictException conflict(Digest id, boolean force, boolean activeReferences) {
    if (!store.children(id).isEmpty()) {
      return hard(id, "image has dependent child images");
    }
    List<ImageUsers.User> using = users.of(id);
    for (ImageUsers.User user : using) {
      if (user.running()) {
        return hard(id, "image is being used by running container " + shortId(user.containerId()));
      }
    }
    if (force) {
      return null;
    }
    if (activeReferences && !store.references(id).isEmpty()) {
      return soft(id, "image is referenced in multiple repositories");
    }
    if (!using.isEmpty()) {
      return soft(id, "image is being used by stopped container " + shortId(using.get(0).containerId()));
    }
    return null;
  }

  private static ImageConflictException hard(Digest id, String why) {
    return new ImageConflictException("conflict: unable to delete " + id.shortId() + " (cannot be forced) - " + why);
  }

  private static ImageConflictException soft(Digest id, String why) {
    return new ImageConflictException("conflict: unable to delete " + id.shortId() + " (must be forced) - " + why);
  }

  private static boolean isIdPrefix(Digest id, String text) {
    String hex = text.startsWith("sha256:") ? text.substring(7) : text;
    return !hex.isEmpty() && id.encoded().startsWith(hex);
  }

  /** All references of one repository and at most one of them a tag (Docker's isSingleReference). */
  private static boolean isSingleRepository(List<Reference> references) {
    if (references.isEmpty()) {
      return false;
    }
    String name = references.get(0).name();
    long tags = references.stream().filter(r -> r.tag().isPresent()).count();
    return tags <= 1 && references.stream().allMatch(r -> r.name().equals(name));
  }

  private static String shortId(String containerId) {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}
