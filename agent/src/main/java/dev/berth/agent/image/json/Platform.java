package dev.berth.agent.image.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The platform an index entry is for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    @JsonProperty("variant") String variant) {

  /** A platform of just architecture and OS. */
  public static Platform of(String os, String architecture) {
    return new Platform(architecture, os, null, null, null);
  }
}
