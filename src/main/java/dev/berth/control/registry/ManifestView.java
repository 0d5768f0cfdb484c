package dev.berth.control.registry;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stored manifest as the API and the dashboard show it: what it is, the tags that name it, what
 * it refers to (an image's config and layers, an index's manifests with their platforms) and the
 * manifests that refer to it as their subject (referrers: signatures, SBOMs…).
 *
 * @param size the manifest's own bytes
 * @param blobsSize an image's config and layers together (0 for an index)
 */
public record ManifestView(String repository, String digest, String mediaType, String artifactType, long size,
    long blobsSize, List<String> tags, ManifestDocument.Descriptor config, List<ManifestDocument.Descriptor> layers,
    List<Child> manifests, String subject, List<Referrer> referrers) {

  /** A manifest an index names, with the platform it is for ({@code linux/arm64/v8}), if given. */
  public record Child(String digest, String mediaType, long size, String platform) {}

  /** A manifest whose subject this one is. */
  public record Referrer(String digest, String artifactType, long size) {}

  /** The view of {@code stored} in {@code repository}, with its tags and referrers. */
  static ManifestView of(String repository, RegistryMetadata.StoredManifest stored, List<String> tags,
                         List<RegistryMetadata.StoredManifest> referrers) {
    ManifestDocument document = ManifestDocument.parse(stored.content(), stored.mediaType());
    List<ManifestDocument.Descriptor> references = document.references();
    List<Referrer> referring = referrers.stream().map(r -> new Referrer(r.digest(),
        ManifestDocument.parse(r.content(), r.mediaType()).artifactType().orElse(r.mediaType()), r.content().length)).toList();
    if (document.isIndex()) {
      return new ManifestView(repository, stored.digest(), stored.mediaType(), document.artifactType().orElse(null),
          stored.content().length, 0, tags, null, List.of(), children(stored.content(), references),
          document.subject().orElse(null), referring);
    }
    List<ManifestDocument.Descriptor> layers = references.subList(1, references.size());
    long blobs = references.stream().mapToLong(ManifestDocument.Descriptor::size).sum();
    return new ManifestView(repository, stored.digest(), stored.mediaType(), document.artifactType().orElse(null),
        stored.content().length, blobs, tags, references.get(0), layers, List.of(), document.subject().orElse(null),
        referring);
  }

  /** An index's manifests, in its order, with the platform each names. */
  private static List<Child> children(byte[] content, List<ManifestDocument.Descriptor> references) {
    var entries = new JsonObject(new String(content, StandardCharsets.UTF_8)).getJsonArray("manifests");
    return java.util.stream.IntStream.range(0, references.size()).mapToObj(i -> {
      ManifestDocument.Descriptor child = references.get(i);
      return new Child(child.digest(), child.mediaType(), child.size(), platform(entries.getValue(i)));
    }).toList();
  }

  private static String platform(Object entry) {
    if (!(entry instanceof JsonObject descriptor) || !(descriptor.getValue("platform") instanceof JsonObject platform)) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (String part : new String[] {"os", "architecture", "variant"}) {
      if (platform.getValue(part) instanceof String value && !value.isEmpty()) {
        text.append(text.isEmpty() ? "" : "/").append(value);
      }
    }
    return text.isEmpty() ? null : text.toString();
  }
}
