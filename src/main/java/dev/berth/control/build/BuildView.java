package dev.berth.control.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A build as {@code /api/v1/hosts/{host}/builds} shows it; {@code output} only when one build is
 * asked for (all of it while it runs, else the last {@value BuildOutput#TAIL_CHARS} characters).
 */
public record BuildView(UUID id, String host, String startedBy, Instant startedAt, Instant finishedAt, Long durationMs,
                        JsonNode tags, JsonNode buildArgs, String dockerfile, String state, String imageId, String error,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String output) {
  /** The view of {@code build} without its output. */
  public static BuildView of(Build build) {
    return of(build, null);
  }

  /** The view of {@code build} with {@code output}. */
  public static BuildView of(Build build, String output) {
    return new BuildView(build.id, build.hostName, build.startedBy, build.startedAt, build.finishedAt, build.durationMs,
        build.tags, build.buildArgs, build.dockerfile, build.state, build.imageId, build.error, output);
  }

  /** The duration as the history shows it ({@code 4.2 s}), or empty while running. */
  public String durationText() {
    return durationMs == null ? "" : String.format("%.1f s", durationMs / 1000.0);
  }

  /** The image ID's first twelve hex digits, as {@code docker images} shows it, or empty. */
  public String shortImageId() {
    String hex = imageId == null ? "" : imageId.replaceFirst("^sha256:", "");
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /** The tags, space-separated. */
  public String tagsText() {
    StringBuilder text = new StringBuilder();
    tags.forEach(tag -> text.append(text.isEmpty() ? "" : " ").append(tag.asText()));
    return text.toString();
  }
}
