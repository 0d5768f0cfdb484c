package dev.berth.agent.image.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.agent.content.Digest;
import java.util.List;
import java.util.Map;

/** A content descriptor: what a blob is, its digest and size (OCI and Docker share the shape). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("digest") String digest,
    @JsonProperty("size") long size,
    @JsonProperty("urls") List<String> urls,
    @JsonProperty("annotations") Map<String, String> annotations,
    @JsonProperty("platform") Platform platform) {

  /** The OCI annotation holding a reference (a tag, or a whole name in podman's archives). */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** containerd's annotation holding the full image name (Docker 25+ save writes it). */
  public static final String IMAGE_NAME = "io.containerd.image.name";

  /** A plain descriptor. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest.toString(), size, null, null, null);
  }

  /** This descriptor with {@code newAnnotations}. */
  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform);
  }

  /** The digest, validated. */
  public Digest parsedDigest() {
    return Digest.parse(digest);
  }

  /** An annotation's value, or null. */
  public String annotation(String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
