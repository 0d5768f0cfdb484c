package dev.berth.agent.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image store's one metadata file: every image and every reference, rewritten whole and
 * atomically on each change, so images and their tags always change together.
 *
 * <pre>
 * {
 *   "version": 1,
 *   "images": [ { "id": "sha256:…", "diffIds": ["sha256:…"], "layerSizes": [123],
 *                 "manifests": ["sha256:…"], "parent": "sha256:…", "created": "2024-…Z" } ],
 *   "references": { "docker.io/library/busybox:latest": "sha256:…",
 *                   "docker.io/library/busybox@sha256:…": "sha256:…" }
 * }
 * </pre>
 */
final class ImageIndexFile {
  private final Path file;

  ImageIndexFile(Path file) {
    this.file = file;
  }

  /** The images and references on disk (empty when the file does not exist yet). */
  Contents read() throws IOException {
    Optional<byte[]> bytes = AtomicFiles.readIfExists(file);
    Map<Digest, Image> images = new LinkedHashMap<>();
    Map<Reference, Digest> references = new LinkedHashMap<>();
    if (bytes.isPresent()) {
      Stored stored = ImageJson.read(bytes.get(), Stored.class, "image index " + file);
      for (StoredImage image : stored.images == null ? List.<StoredImage>of() : stored.images) {
        Image parsed = image.toImage();
        images.put(parsed.id(), parsed);
      }
      if (stored.references != null) {
        stored.references.forEach((name, id) -> references.put(Reference.parse(name), Digest.parse(id)));
      }
    }
    return new Contents(images, references);
  }

  /** Replaces the file with {@code contents}. */
  void write(Contents contents) throws IOException {
    Stored stored = new Stored();
    stored.version = 1;
    stored.images = new ArrayList<>();
    contents.images().values().forEach(image -> stored.images.add(StoredImage.of(image)));
    stored.references = new LinkedHashMap<>();
    contents.references().forEach((ref, id) -> stored.references.put(ref.toString(), id.toString()));
    AtomicFiles.write(file, ImageJson.write(stored), AtomicFiles.OWNER_ONLY);
  }

  /** Images by id and references to image ids. */
  record Contents(Map<Digest, Image> images, Map<Reference, Digest> references) {}

  static final class Stored {
    @JsonProperty("version") public int version;
    @JsonProperty("images") public List<StoredImage> images;
    @JsonProperty("references") public Map<String, String> references;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class StoredImage {
    @JsonProperty("id") public String id;
    @JsonProperty("diffIds") public List<String> diffIds;
    @JsonProperty("layerSizes") public List<Long> layerSizes;
    @JsonProperty("manifests") public List<String> manifests;
    @JsonProperty("parent") public String parent;
    @JsonProperty("created") public String created;

    static StoredImage of(Image image) {
      StoredImage stored = new StoredImage();
      stored.id = image.id().toString();
      stored.diffIds = image.diffIds().stream().map(Digest::toString).toList();
      stored.layerSizes = image.layerSizes();
      stored.manifests = image.manifests().stream().map(Digest::toString).toList();
      stored.parent = image.parentId().map(Digest::toString).orElse(null);
      stored.created = image.created().toString();
      return stored;
    }

    Image toImage() {
      return new Image(Digest.parse(id), digests(diffIds), layerSizes == null ? List.of() : layerSizes,
          digests(manifests), parent == null ? null : Digest.parse(parent),
          created == null ? Instant.EPOCH : Instant.parse(created));
    }

    private static List<Digest> digests(List<String> texts) {
      return texts == null ? List.of() : texts.stream().map(Digest::parse).toList();
    }
  }
}
