package dev.berth.agent.image.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One image's manifest: an OCI image manifest or a Docker schema 2 manifest (same shape). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageManifest(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("config") Descriptor config,
    @JsonProperty("layers") List<Descriptor> layers,
    @JsonProperty("annotations") Map<String, String> annotations) {

  /** A schema-2 manifest of {@code mediaType}. */
  public static ImageManifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(2, mediaType, config, layers, null);
  }
}
