package dev.berth.agent.image.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A list of manifests: an OCI image index (also an OCI layout's index.json) or a Docker manifest list. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageIndex(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("manifests") List<Descriptor> manifests,
    @JsonProperty("annotations") Map<String, String> annotations) {

  /** An index of {@code mediaType} listing {@code manifests}. */
  public static ImageIndex of(String mediaType, List<Descriptor> manifests) {
    return new ImageIndex(2, mediaType, manifests, null);
  }

  /** The listed manifests, never null. */
  @Override
  public List<Descriptor> manifests() {
    return manifests == null ? List.of() : manifests;
  }
}
