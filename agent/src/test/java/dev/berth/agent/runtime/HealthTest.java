package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {
  private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");
  private static final HealthConfig TWO_RETRIES_START_PERIOD_5S =
      new HealthConfig(List.of("CMD", "true"), 0, 0, Duration.ofSeconds(5).toNanos(), 0, 2);

  @Test
  void failuresInTheStartPeriodDoNotCountThenRetriesInARowMakeItUnhealthy() {
    Health health = Health.starting(null);
    health = health.after(result(1, 1), TWO_RETRIES_START_PERIOD_5S, STARTED);
    health = health.after(result(2, 1), TWO_RETRIES_START_PERIOD_5S, STARTED);
    assertEquals(new Health(HealthStatus.STARTING, 0, health.log()), health);

    health = health.after(result(6, 1), TWO_RETRIES_START_PERIOD_5S, STARTED);
    assertEquals(HealthStatus.STARTING, health.status());
    assertEquals(1, health.failingStreak());
    health = health.after(result(7, 1), TWO_RETRIES_START_PERIOD_5S, STARTED);
    assertEquals(HealthStatus.UNHEALTHY, health.status());
    assertEquals(2, health.failingStreak());

    health = health.after(result(8, 0), TWO_RETRIES_START_PERIOD_5S, STARTED);
    assertEquals(HealthStatus.HEALTHY, health.status());
    assertEquals(0, health.failingStreak());
  }

  @Test
  void aHealthyContainerFailsOnlyAfterRetriesAndKeepsTheLastFiveResults() {
    HealthConfig defaults = new HealthConfig(List.of("CMD-SHELL", "true"), 0, 0, 0, 0, 0);
    Health health = Health.starting(null).after(result(1, 0), defaults, STARTED);
    for (int i = 2; i <= 3; i++) {
      health = health.after(result(i, 1), defaults, STARTED);
      assertEquals(HealthStatus.HEALTHY, health.status());
    }
    health = health.after(result(4, 1), defaults, STARTED);
    assertEquals(HealthStatus.UNHEALTHY, health.status(), "3 retries by default");
    for (int i = 5; i <= 9; i++) {
      health = health.after(result(i, 1), defaults, STARTED);
    }
    assertEquals(List.of(5L, 6L, 7L, 8L, 9L), health.log().stream()
        .map(r -> Duration.between(STARTED, r.start()).toSeconds()).toList());

    Health restarted = Health.starting(health);
    assertEquals(HealthStatus.STARTING, restarted.status());
    assertEquals(0, restarted.failingStreak());
    assertEquals(health.log(), restarted.log());
    assertEquals(HealthStatus.UNHEALTHY, restarted.stopped().status());
  }

  @Test
  void containerFieldsWinOverTheImagesAndZeroFieldsAreLeftOut() throws Exception {
    HealthConfig image = HealthConfig.ofImage(Map.of("Test", List.of("CMD-SHELL", "curl -f localhost"),
        "Interval", 30_000_000_000L, "Timeout", 3_000_000_000L, "Retries", 5));
    HealthConfig given = HealthConfig.of(new ObjectMapper().readTree("{\"Interval\":200000000,\"Retries\":2}"));

    HealthConfig merged = HealthConfig.merge(given, image);

    assertEquals(new HealthConfig(List.of("CMD-SHELL", "curl -f localhost"), 200_000_000L, 3_000_000_000L, 0, 0, 2), merged);
    assertEquals(List.of("/bin/sh", "-c", "curl -f localhost"), merged.argv());
    assertEquals("{\"Test\":[\"CMD-SHELL\",\"curl -f localhost\"],\"Interval\":200000000,\"Timeout\":3000000000,\"Retries\":2}",
        new ObjectMapper().writeValueAsString(merged));
    assertEquals(Duration.ofSeconds(5), merged.startIntervalOrDefault());
    assertEquals(List.of("NONE"), HealthConfig.merge(new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0), image).test());
    assertEquals(false, new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0).isProbed());
    assertEquals(List.of("ls", "-l"), new HealthConfig(List.of("CMD", "ls", "-l"), 0, 0, 0, 0, 0).argv());
  }

  @Test
  void refusesDurationsUnderAMillisecondAndNegativeRetries() {
    assertEquals("Interval in Healthcheck cannot be less than 1ms", assertThrows(IllegalArgumentException.class,
        () -> new HealthConfig(List.of(), 999_999, 0, 0, 0, 0)).getMessage());
    assertEquals("StartPeriod in Healthcheck cannot be less than 1ms", assertThrows(IllegalArgumentException.class,
        () -> new HealthConfig(List.of(), 0, 0, -5, 0, 0)).getMessage());
    assertEquals("Retries in Healthcheck cannot be negative", assertThrows(IllegalArgumentException.class,
        () -> new HealthConfig(List.of(), 0, 0, 0, 0, -1)).getMessage());
  }

  @Test
  void writesTimeoutsAsGoDoes() {
    assertEquals("200ms", GoDuration.of(Duration.ofMillis(200)));
    assertEquals("1.5s", GoDuration.of(Duration.ofMillis(1500)));
    assertEquals("30s", GoDuration.of(Duration.ofSeconds(30)));
    assertEquals("1m30s", GoDuration.of(Duration.ofSeconds(90)));
    assertEquals("1h0m0s", GoDuration.of(Duration.ofHours(1)));
    assertEquals("1.5µs", GoDuration.of(Duration.ofNanos(1500)));
  }

  private static HealthResult result(int secondsAfterStart, int exitCode) {
    Instant start = STARTED.plusSeconds(secondsAfterStart);
    return new HealthResult(start, start.plusMillis(10), exitCode, "");
  }
}
