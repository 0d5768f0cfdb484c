package dev.berth.agent.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of a removal's report, as Docker's API returns it: a reference untagged or an id deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
  /** A reference that was removed (familiar form, e.g. {@code busybox:latest}). */
  public static ImageDeleteItem untagged(Reference reference) {
    return new ImageDeleteItem(reference.familiar(), null);
  }

  /** An image or layer that was deleted ({@code sha256:…}). */
  public static ImageDeleteItem deleted(String id) {
    return new ImageDeleteItem(null, id);
  }
}
