package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The images of this host and the references (tags and digests) that name them.
 *
 * <pre>
 * &lt;dataDir&gt;/
 * ├── state/images.json        every image and reference ({@link ImageIndexFile}), atomic rewrite
 * ├── content/blobs/sha256/    configs (the image ids), manifests, layer tars (by DiffID)
 * └── snapshots/               each layer unpacked once, by chain id ({@link ImageResources})
 * </pre>
 *
 * <p>Crash safety: the index is written before any blob or snapshot is deleted, and after every
 * blob and snapshot of a new image is complete. A crash in between leaves only unreferenced
 * blobs and snapshots, which {@link #open} deletes. While a load or import is running, what it
 * has written is held by a {@link ResourceLease} so a concurrent removal does not take it.
 */
public final class ImageStore {
  private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

  private final ImageIndexFile file;
  private final ImageResources resources;
  private Map<Digest, Image> images;
  private Map<Reference, Digest> references;
  private volatile Supplier<Set<Digest>> imagesInUse = Set::of;
  private volatile Runnable onChange = () -> { };

  private ImageStore(ImageIndexFile file, ImageResources resources, ImageIndexFile.Contents contents) {
    this.file = file;
    this.resources = resources;
    this.images = contents.images();
    this.references = contents.references();
  }

  /** Opens the store whose index is {@code indexFile}, and deletes what no image references. */
  public static ImageStore open(Path indexFile, ImageResources resources) throws IOException {
    ImageIndexFile file = new ImageIndexFile(indexFile);
    ImageStore store = new ImageStore(file, resources, file.read());
    store.resources.collectGarbage(store.images());
    return store;
  }

  /** The content store holding this store's blobs. */
  public ContentStore content() {
    return resources.content();
  }

  /** The shared blob/snapshot bookkeeping. */
  public ImageResources resources() {
    return resources;
  }

  /** Tells the store which images containers use (they cannot be removed without force). */
  public void setImagesInUse(Supplier<Set<Digest>> inUse) {
    this.imagesInUse = inUse;
  }

  /** Runs {@code listener} after every committed change of images or references (e.g. to report the inventory). */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** The ids of images containers use now. */
  public Set<Digest> imagesInUse() {
    return imagesInUse.get();
  }

  /** Every image. */
  public synchronized List<Image> images() {
    return List.copyOf(images.values());
  }

  /** The image with this id. */
  public synchronized Optional<Image> get(Digest id) {
    return Optional.ofNullable(images.get(id));
  }

  /** Every reference and the image it names. */
  public synchronized Map<Reference, Digest> references() {
    return Map.copyOf(references);
  }

  /** The references naming {@code id}, in the order they were made. */
  public synchronized List<Reference> references(Digest id) {
    return references.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).toList();
  }

  /** Images whose parent is {@code id}. */
  public synchronized List<Image> children(Digest id) {
    return images.values().stream().filter(i -> id.equals(i.parent())).toList();
  }

  /**
   * Finds an image as Docker does: a reference ({@code busybox}, {@code x:1}, {@code x@sha256:…}),
   * a full id ({@code sha256:…}) or a unique prefix of an id's hex.
   */
  public synchronized Image resolve(String referenceOrId) throws ImageNotFoundException {
    String text = referenceOrId.startsWith("sha256:") ? referenceOrId.substring(7) : referenceOrId;
    if (!referenceOrId.startsWith("sha256:")) {
      try {
        Reference reference = Reference.parse(referenceOrId).withDefaultTag();
        Digest id = references.get(reference);
        if (id == null && reference.digest().isPresent() && images.containsKey(reference.digest().get())) {
          id = reference.digest().get();
        }
        if (id != null) {
          return images.get(id);
        }
      } catch (InvalidReferenceException notAReference) {
        // may still be an id
      }
    }
    if (HEX_PREFIX.matcher(text).matches()) {
      List<Image> matches = images.values().stream().filter(i -> i.id().encoded().startsWith(text)).toList();
      if (matches.size() == 1) {
        return matches.get(0);
      }
    }
    throw new ImageNotFoundException(referenceOrId);
  }

  /**
   * Adds {@code image} (or adds its manifests to the stored one) and points {@code newReferences}
   * at it, in one atomic write. Returns, per reference that moved, the image it named before.
   */
  public synchronized Map<Reference, Digest> put(Image image, List<Reference> newReferences) throws IOException {
    Map<Digest, Image> nextImages = new LinkedHashMap<>(images);
    Image merged = image;
    Image existing = images.get(image.id());
    if (existing != null) {
      merged = existing;
      for (Digest manifest : image.manifests()) {
        merged = merged.withManifest(manifest);
      }
    }
    nextImages.put(image.id(), merged);
    Map<Reference, Digest> nextReferences = new LinkedHashMap<>(references);
    Map<Reference, Digest> moved = new LinkedHashMap<>();
    for (Reference given : newReferences) {
      Reference reference = given.withDefaultTag();
      Digest before = nextReferences.put(reference, image.id());
      if (before != null && !before.equals(image.id())) {
        moved.put(reference, before);
      }
    }
    commit(nextImages, nextReferences);
    return moved;
  }

  /** Points {@code reference} at the existing image {@code id}; returns the image it named before. */
  public synchronized Optional<Digest> tag(Reference reference, Digest id) throws IOException {
    Image image = images.get(id);
    if (image == null) {
      throw new ImageNotFoundException(id.toString());
    }
    Map<Reference, Digest> moved = put(image, List.of(reference));
    return Optional.ofNullable(moved.get(reference.withDefaultTag()));
  }

  /** Removes {@code reference}; returns whether it existed. */
  public synchronized boolean untag(Reference given) throws IOException {
    Reference reference = given.withDefaultTag();
    if (!references.containsKey(reference)) {
      return false;
    }
    Map<Reference, Digest> nextReferences = new LinkedHashMap<>(references);
    nextReferences.remove(reference);
    commit(images, nextReferences);
    return true;
  }

  /**
   * Deletes image {@code id} and every reference to it, then the blobs and snapshots no other
   * image uses. Checks (tags, children, containers) are the caller's: see {@link ImageRemover}.
   */
  public synchronized ImageResources.Released delete(Digest id) throws IOException {
    Image image = images.get(id);
    if (image == null) {
      throw new ImageNotFoundException(id.toString());
    }
    Map<Digest, Image> nextImages = new LinkedHashMap<>(images);
    nextImages.remove(id);
    Map<Reference, Digest> nextReferences = new LinkedHashMap<>(references);
    nextReferences.values().removeIf(id::equals);
    commit(nextImages, nextReferences);
    return resources.release(image, List.copyOf(images.values()));
  }

  private void commit(Map<Digest, Image> nextImages, Map<Reference, Digest> nextReferences) throws IOException {
    file.write(new ImageIndexFile.Contents(nextImages, nextReferences));
    images = nextImages;
    references = nextReferences;
    onChange.run();
  }

  /** Ids of images that no reference names (Docker's dangling images, intermediate ones included). */
  public synchronized Set<Digest> untagged() {
    Set<Digest> untagged = new HashSet<>(images.keySet());
    untagged.removeAll(new ArrayList<>(references.values()));
    return untagged;
  }

  /** Ends a failed operation: deletes what {@code lease} held that no image references, then releases it. */
  public synchronized void discard(ResourceLease lease) throws IOException {
    try {
      resources.discard(lease, List.copyOf(images.values()));
    } finally {
      lease.close();
    }
  }
}
