package dev.berth.agent.build;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code POST /build} asks for (the legacy builder's query).
 *
 * @param tags {@code t}, each {@code name[:tag]}
 * @param dockerfile {@code dockerfile}: its path in the context, {@code Dockerfile} by default
 * @param buildArgs {@code buildargs}: {@code --build-arg} values (null: take the value from nowhere, unset)
 * @param noCache {@code nocache}: run every step
 * @param removeIntermediate {@code rm}: remove intermediate containers after a successful build
 * @param forceRemove {@code forcerm}: remove them even when the build fails
 * @param labels {@code labels}: set on the final image
 * @param target {@code target}: the stage to build, else the last
 * @param quiet {@code q}: print only the image id
 */
public record BuildOptions(List<String> tags, String dockerfile, Map<String, String> buildArgs, boolean noCache,
    boolean removeIntermediate, boolean forceRemove, Map<String, String> labels, Optional<String> target,
    boolean quiet) {

  /** Copies the parts; {@code Dockerfile} when none is named. */
  public BuildOptions {
    tags = List.copyOf(tags);
    dockerfile = dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile;
    buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
    labels = Map.copyOf(labels);
  }
}
