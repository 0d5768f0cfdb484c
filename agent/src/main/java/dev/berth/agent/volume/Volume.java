package dev.berth.agent.volume;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A volume as its {@code volume.json} records it (see {@link VolumeStore} for the layout).
 *
 * @param name unique on this host: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, 64 hex characters when generated
 * @param driver always {@code local}
 * @param labels as given at create; null when none were given (Docker shows {@code null} then)
 * @param options the local driver's options ({@code type}, {@code device}, {@code o}); null when none were given
 * @param createdAt when it was created
 * @param anonymous made for a container without a name ({@code -v /path}, an image's VOLUME): pruned by
 *     default and removed with its container by {@code docker rm -v} and {@code --rm}
 */
public record Volume(String name, String driver, Map<String, String> labels, Map<String, String> options,
    Instant createdAt, boolean anonymous) {
  /** The only driver there is. */
  public static final String LOCAL = "local";
  /** The label dockerd (23+) puts on anonymous volumes, so that prune tells them apart. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  /** Copies the maps (nulls kept: they mean "none given"). */
  public Volume {
    labels = labels == null ? null : Map.copyOf(labels);
    options = options == null ? null : Map.copyOf(options);
  }

  /** Its labels, empty when none were given. */
  public Map<String, String> labelsOrEmpty() {
    return labels == null ? Map.of() : labels;
  }

  /** Its local driver options, when it has any that make it mounted ({@code type}/{@code device}). */
  public Optional<LocalDriverOptions> mountOptions() {
    LocalDriverOptions parsed = LocalDriverOptions.of(options);
    return parsed.needsMount() ? Optional.of(parsed) : Optional.empty();
  }
}
