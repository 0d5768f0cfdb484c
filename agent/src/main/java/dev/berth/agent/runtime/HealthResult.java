package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One run of a health check, as {@code State.Health.Log} lists it.
 *
 * @param start when it started
 * @param end when it ended
 * @param exitCode the check's exit code: 0 healthy, else a failure (-1: it timed out)
 * @param output what it printed (stdout and stderr), at most 4 KiB and "..." when there was more
 */
public record HealthResult(@JsonProperty("Start") Instant start, @JsonProperty("End") Instant end,
    @JsonProperty("ExitCode") int exitCode, @JsonProperty("Output") String output) {}
