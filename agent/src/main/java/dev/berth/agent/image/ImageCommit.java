package dev.berth.agent.image;

import dev.berth.agent.image.json.ContainerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What {@code docker commit} records besides the new layer.
 *
 * @param config the container's config, which the image's becomes ({@code changes} applied)
 * @param changes Dockerfile-style {@code --change} instructions ({@link ConfigChanges})
 * @param author {@code -a}, or empty
 * @param comment {@code -m}, or empty
 * @param createdBy the history's "created by": the container's command
 * @param containerId the committed container
 */
public record ImageCommit(ContainerConfig config, List<String> changes, String author, String comment,
    String createdBy, String containerId) {

  /** Copies the changes. */
  public ImageCommit {
    changes = List.copyOf(changes);
  }

  /** Writes a layer as an uncompressed tar, end marker included. */
  @FunctionalInterface
  public interface LayerSource {
    /** Writes the whole layer to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }
}
