package dev.berth.control.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A stored manifest as the API and the dashboard show it: what it is, the tags that name it, what
 * it refers to (an image's config and layers, an index's manifests with their platforms) and the
 * manifests that refer to it as their subject (referrers: signatures, SBOMs…); for an image, also
 * when it was built and for which platform, as its config says.
 *
 * @param size the manifest's own bytes
 * @param blobsSize an image's config and layers together (0 for an index)
 * @param created when the image was built (its config's {@code created}), if it says
 * @param platform the image's {@code os/architecture[/variant]}, if its config says
 */
public record ManifestView(String repository, String digest, String mediaType, String artifactType, long size,
    long blobsSize, List<String> tags, ManifestDocument.Descriptor config, List<ManifestDocument.Descriptor> layers,
    List<Child> manifests, String subject, List<Referrer> referrers, String created, String platform) {
  /** A config larger than this is not read for its creation time and platform. */
  private static final long CONFIG_READ_LIMIT = 1 << 20;

  /** A manifest an index names, with the platform it is for ({@code linux/arm64/v8}), if given. */
  public record Child(String digest, String mediaType, long size, String platform) {}

  /** A manifest whose subject this one is. */
  public record Referrer(String digest, String artifactType, long size) {}

  /** The view of {@code stored} in {@code repository}, with its tags and referrers; configs are read from {@code blobs}. */
  static ManifestView of(String repository, RegistryMetadata.StoredManifest stored, List<String> tags,
                         List<RegistryMetadata.StoredManifest> referrers, BlobStore blobs) {
    ManifestDocument document = ManifestDocument.parse(stored.content(), stored.mediaType());
    List<ManifestDocument.Descriptor> references = document.references();
    List<Referrer> referring = referrers.stream().map(r -> new Referrer(r.digest(),
        ManifestDocument.parse(r.content(), r.mediaType()).artifactType().orElse(r.mediaType()), r.content().length)).toList();
    if (document.isIndex()) {
      return new ManifestView(repository, stored.digest(), stored.mediaType(), document.artifactType().orElse(null),
          stored.content().length, 0, tags, null, List.of(), children(stored.content(), references),
          document.subject().orElse(null), referring, null, null);
    }
    List<ManifestDocument.Descriptor> layers = references.subList(1, references.size());
    long blobsSize = references.stream().mapToLong(ManifestDocument.Descriptor::size).sum();
    JsonObject config = config(blobs, references.get(0));
    return new ManifestView(repository, stored.digest(), stored.mediaType(), document.artifactType().orElse(null),
        stored.content().length, blobsSize, tags, references.get(0), layers, List.of(), document.subject().orElse(null),
        referring, config.getValue("created") instanceof String created ? created : null, platformOf(config));
  }

  /** An image's config as JSON, or an empty object if it is not stored, too large or not JSON (an artifact's). */
  private static JsonObject config(BlobStore blobs, ManifestDocument.Descriptor config) {
    try {
      Optional<Path> path = blobs.find(config.digest());
      if (path.isEmpty() || Files.size(path.get()) > CONFIG_READ_LIMIT) {
        return new JsonObject();
      }
      return new JsonObject(Files.readString(path.get(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException notAnImageConfig) {
      return new JsonObject();
    }
  }

  /** An index's manifests, in its order, with the platform each names. */
  private static List<Child> children(byte[] content, List<ManifestDocument.Descriptor> references) {
    JsonArray entries = new JsonObject(new String(content, StandardCharsets.UTF_8)).getJsonArray("manifests");
    return IntStream.range(0, references.size()).mapToObj(i -> {
      ManifestDocument.Descriptor child = references.get(i);
      return new Child(child.digest(), child.mediaType(), child.size(), entryPlatform(entries.getValue(i)));
    }).toList();
  }

  private static String entryPlatform(Object entry) {
    if (!(entry instanceof JsonObject descriptor) || !(descriptor.getValue("platform") instanceof JsonObject platform)) {
      return null;
    }
    return platformOf(platform);
  }

  /** {@code os/architecture[/variant]} of an index entry's platform or an image config, or null. */
  private static String platformOf(JsonObject platform) {
    StringBuilder text = new StringBuilder();
    for (String part : new String[] {"os", "architecture", "variant"}) {
      if (platform.getValue(part) instanceof String value && !value.isEmpty()) {
        text.append(text.isEmpty() ? "" : "/").append(value);
      }
    }
    return text.isEmpty() ? null : text.toString();
  }
}
