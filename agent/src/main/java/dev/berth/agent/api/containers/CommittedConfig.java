package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The config {@code docker commit} gives the new image, as dockerd builds it: the container's own
 * config (what inspect shows as {@code Config}: its create options over its image's config), with
 * what it inherits from the image besides (exposed ports, volumes, health check, shell, ONBUILD),
 * and the fields a request body gives in their place. The {@code --change} instructions are
 * applied later, by the image service.
 */
final class CommittedConfig {
  private static final List<String> INHERITED = List.of("ExposedPorts", "Volumes", "Healthcheck", "Shell", "OnBuild");

  private final ObjectNode container;

  private CommittedConfig(ObjectNode container) {
    this.container = container;
  }

  /** The config of {@code container} as it stands. */
  static CommittedConfig of(ContainerViews views, Container container) throws IOException {
    ContainerConfig image = views.imageConfig(container);
    ObjectNode config = ContainerConfigJson.config(container, image, views.argv(container));
    if (image != null) {
      ObjectNode inherited = ImageJson.mapper().valueToTree(image);
      for (String field : INHERITED) {
        if (config.path(field).isNull() || config.path(field).isMissingNode()) {
          config.set(field, inherited.get(field));
        }
      }
    }
    return new CommittedConfig(config);
  }

  /** The container's command, space-joined: the "created by" of the commit's history entry, as Docker writes it. */
  String createdBy() {
    List<String> words = new ArrayList<>();
    container.path("Cmd").forEach(word -> words.add(word.asText()));
    return String.join(" ", words);
  }

  /** The image's config: the container's, with the non-null fields of {@code body} (a JSON config, may be empty) over it. */
  ContainerConfig withBody(byte[] body) throws IOException {
    ObjectNode config = container.deepCopy();
    if (body.length > 0) {
      JsonNode given;
      try {
        given = ImageJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new IllegalArgumentException("invalid JSON in the commit's config: " + e.getMessage());
      }
      if (given != null && given.isObject()) {
        given.fields().forEachRemaining(field -> {
          if (!field.getValue().isNull()) {
            config.set(field.getKey(), field.getValue());
          }
        });
      } else if (given != null && !given.isNull()) {
        throw new IllegalArgumentException("the commit's config must be a JSON object");
      }
    }
    return ImageJson.mapper().treeToValue(config, ContainerConfig.class);
  }
}
