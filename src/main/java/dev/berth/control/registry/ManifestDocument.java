package dev.berth.control.registry;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pushed manifest, parsed and checked: an OCI image manifest or index, or a Docker schema 2
 * manifest or manifest list. Knows what it refers to (config and layers, or child manifests), its
 * subject (for the referrers API) and its artifact type.
 */
public record ManifestDocument(String digest, String mediaType, byte[] content, List<Descriptor> references,
    boolean isIndex, Optional<String> subject, Optional<String> artifactType, JsonObject annotations) {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  /** Docker image manifest, schema 2. */
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  /** Docker manifest list. */
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  /** The largest manifest accepted (the spec's recommended minimum limit). */
  public static final int MAX_SIZE = 4 * 1024 * 1024;
  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_LIST);
  private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

  /** A content descriptor: what a manifest points at. */
  public record Descriptor(String mediaType, String digest, long size) {}

  /** Parses {@code content} sent with {@code contentType}; {@code MANIFEST_INVALID} if it is not a manifest. */
  public static ManifestDocument parse(byte[] content, String contentType) {
    JsonObject json;
    try {
      json = new JsonObject(new String(content, java.nio.charset.StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw RegistryException.manifestInvalid("manifest is not a JSON object: " + e.getMessage());
    }
    String declared = json.getValue("mediaType") instanceof String type ? type : null;
    String sent = contentType == null ? null : contentType.split(";")[0].trim();
    String mediaType = isKnown(sent) ? sent : declared;
    if (!isKnown(mediaType)) {
      throw RegistryException.manifestInvalid("unsupported manifest media type: " + (sent != null ? sent : declared));
    }
    if (declared != null && !declared.equals(mediaType)) {
      throw RegistryException.manifestInvalid("mediaType " + declared + " does not match Content-Type " + mediaType);
    }
    if (!Integer.valueOf(2).equals(json.getValue("schemaVersion"))) {
      throw RegistryException.manifestInvalid("schemaVersion must be 2");
    }
    boolean index = INDEXES.contains(mediaType);
    List<Descriptor> references = new ArrayList<>();
    Optional<String> artifactType = Optional.ofNullable(json.getValue("artifactType") instanceof String t ? t : null);
    if (index) {
      references.addAll(descriptors(json, "manifests"));
    } else {
      Descriptor config = descriptor(json.getValue("config"), "config");
      references.add(config);
      references.addAll(descriptors(json, "layers"));
      if (artifactType.isEmpty()) {
        artifactType = Optional.of(config.mediaType());
      }
    }
    Optional<String> subject = json.containsKey("subject")
        ? Optional.of(descriptor(json.getValue("subject"), "subject").digest()) : Optional.empty();
    JsonObject annotations = json.getValue("annotations") instanceof JsonObject a ? a : null;
    return new ManifestDocument(digestOf(content), mediaType, content, references, index, subject, artifactType,
        annotations);
  }

  /** Whether {@code mediaType} is one of the four manifest types stored. */
  public static boolean isKnown(String mediaType) {
    return mediaType != null && (INDEXES.contains(mediaType) || MANIFESTS.contains(mediaType));
  }

  /** The sha256 digest of {@code content}. */
  public static String digestOf(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Descriptor> descriptors(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw RegistryException.manifestInvalid("manifest has no " + field + " array");
    }
    List<Descriptor> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      list.add(descriptor(array.getValue(i), field + "[" + i + "]"));
    }
    return list;
  }

  private static Descriptor descriptor(Object value, String where) {
    if (!(value instanceof JsonObject descriptor)
        || !(descriptor.getValue("mediaType") instanceof String mediaType)
        || !(descriptor.getValue("digest") instanceof String digest)
        || !(descriptor.getValue("size") instanceof Number size)) {
      throw RegistryException.manifestInvalid(where + " is not a descriptor with mediaType, digest and size");
    }
    if (!RepositoryName.isDigest(digest)) {
      throw RegistryException.manifestInvalid(where + " has an unsupported digest: " + digest);
    }
    return new Descriptor(mediaType, digest, size.longValue());
  }
}
