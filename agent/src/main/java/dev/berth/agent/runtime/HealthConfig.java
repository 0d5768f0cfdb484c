package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A health check, Docker's {@code HealthConfig}, in its JSON shape (durations in nanoseconds, zero:
 * the default; zero fields left out as dockerd leaves them out). It comes from the image config's
 * {@code Healthcheck} (the Dockerfile's HEALTHCHECK) and from the create request's
 * ({@code --health-cmd}, {@code --health-interval}…, {@code --no-healthcheck}), merged as dockerd
 * merges: each field the container sets wins over the image's.
 *
 * @param test {@code ["CMD", arg…]}, {@code ["CMD-SHELL", command]}, {@code ["NONE"]}; empty: the image's
 * @param interval between the end of one check and the start of the next (default 30 s)
 * @param timeout a check running longer fails (default 30 s)
 * @param startPeriod failures in this time after the start do not count while the container is starting
 * @param startInterval between checks during the start period (default 5 s)
 * @param retries this many failures in a row make it unhealthy (default 3)
 */
public record HealthConfig(
    @JsonProperty("Test") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> test,
    @JsonProperty("Interval") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long interval,
    @JsonProperty("Timeout") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long timeout,
    @JsonProperty("StartPeriod") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long startPeriod,
    @JsonProperty("StartInterval") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long startInterval,
    @JsonProperty("Retries") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int retries) {
  private static final long MINIMUM_NANOS = 1_000_000; // dockerd's MinimumDuration, 1 ms
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
  private static final int DEFAULT_RETRIES = 3;
  private static final List<String> SHELL = List.of("/bin/sh", "-c");

  /** Checks the durations and retries as dockerd does. */
  public HealthConfig {
    test = test == null ? List.of() : List.copyOf(test);
    checkDuration("Interval", interval);
    checkDuration("Timeout", timeout);
    checkDuration("StartPeriod", startPeriod);
    checkDuration("StartInterval", startInterval);
    if (retries < 0) {
      throw new IllegalArgumentException("Retries in Healthcheck cannot be negative");
    }
  }

  /** The health check a JSON {@code Healthcheck} object describes; null when the node is absent or null. */
  public static HealthConfig of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("invalid Healthcheck: " + node);
    }
    List<String> test = new ArrayList<>();
    node.path("Test").forEach(word -> test.add(word.asText()));
    return new HealthConfig(test, node.path("Interval").asLong(), node.path("Timeout").asLong(),
        node.path("StartPeriod").asLong(), node.path("StartInterval").asLong(), node.path("Retries").asInt());
  }

  /** The image config's {@code Healthcheck} (kept as it came; null: none). */
  public static HealthConfig ofImage(Map<String, Object> healthcheck) {
    return healthcheck == null ? null : of(ContainerJson.mapper().valueToTree(healthcheck));
  }

  /** The container's health check over its image's (either may be null), as dockerd merges them at create. */
  public static HealthConfig merge(HealthConfig container, HealthConfig image) {
    if (container == null || image == null) {
      return container == null ? image : container;
    }
    return new HealthConfig(container.test.isEmpty() ? image.test : container.test,
        container.interval == 0 ? image.interval : container.interval,
        container.timeout == 0 ? image.timeout : container.timeout,
        container.startPeriod == 0 ? image.startPeriod : container.startPeriod,
        container.startInterval == 0 ? image.startInterval : container.startInterval,
        container.retries == 0 ? image.retries : container.retries);
  }

  /** Whether there is a check to run ({@code CMD} or {@code CMD-SHELL} with a command; not {@code NONE}). */
  @JsonIgnore
  public boolean isProbed() {
    return test.size() > 1 && (test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL"));
  }

  /** The check's argv: {@code CMD}'s words, or {@code CMD-SHELL}'s after {@code /bin/sh -c}. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>(test.get(0).equals("CMD-SHELL") ? SHELL : List.of());
    argv.addAll(test.subList(1, test.size()));
    return argv;
  }

  /** The interval, or its default. */
  public Duration intervalOrDefault() {
    return orDefault(interval, DEFAULT_INTERVAL);
  }

  /** The timeout, or its default. */
  public Duration timeoutOrDefault() {
    return orDefault(timeout, DEFAULT_TIMEOUT);
  }

  /** The start period, or none. */
  public Duration startPeriodOrDefault() {
    return orDefault(startPeriod, Duration.ZERO);
  }

  /** The interval during the start period, or its default. */
  public Duration startIntervalOrDefault() {
    return orDefault(startInterval, DEFAULT_START_INTERVAL);
  }

  /** The retries, or the default 3. */
  public int retriesOrDefault() {
    return retries <= 0 ? DEFAULT_RETRIES : retries;
  }

  private static Duration orDefault(long nanos, Duration fallback) {
    return nanos == 0 ? fallback : Duration.ofNanos(nanos);
  }

  private static void checkDuration(String field, long nanos) {
    if (nanos != 0 && nanos < MINIMUM_NANOS) {
      throw new IllegalArgumentException(field + " in Healthcheck cannot be less than 1ms");
    }
  }
}
