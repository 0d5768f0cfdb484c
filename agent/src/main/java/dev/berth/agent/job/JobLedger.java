package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The durable record of finished jobs that makes job execution exactly-once: a job id found here
 * gets its recorded outcome again instead of a second run, also after an agent restart.
 *
 * <p>One file per job, {@code state/jobs/<job-uuid>.json}:
 * <pre>
 * {"id": "…", "kind": "sleep", "state": "succeeded", "result": {…}, "error": null,
 *  "finishedAt": "2025-01-01T00:00:00Z"}
 * </pre>
 * Entries older than the retention (7 days by default) are removed when the ledger opens; the
 * control plane gives up re-sending a job long before that.
 */
public final class JobLedger {

  /** How long finished jobs are remembered by default. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";

  private final Path directory;
  private final Clock clock;

  private JobLedger(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** Opens the ledger in {@code directory} and prunes entries older than 7 days. */
  public static JobLedger open(Path directory) throws IOException {
    return open(directory, Clock.systemUTC(), DEFAULT_RETENTION);
  }

  /** Opens the ledger in {@code directory} and prunes entries older than {@code retention}. */
  public static JobLedger open(Path directory, Clock clock, Duration retention) throws IOException {
    AtomicFiles.createPrivateDirectories(directory);
    JobLedger ledger = new JobLedger(directory, clock);
    ledger.prune(clock.instant().minus(retention));
    return ledger;
  }

  /** Returns the recorded outcome of job {@code jobId}, or empty when it never finished here. */
  public Optional<JobOutcome> find(String jobId) throws IOException {
    Optional<byte[]> bytes = AtomicFiles.readIfExists(fileOf(jobId));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    JsonNode entry = JSON.readTree(bytes.get());
    String error = entry.path("error").isTextual() ? entry.get("error").asText() : null;
    return Optional.of(new JobOutcome(entry.path("state").asText(), entry.get("result"), error));
  }

  /** Durably records that job {@code jobId} of {@code kind} ended with {@code outcome}. */
  public void record(String jobId, String kind, JobOutcome outcome) throws IOException {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("id", JobId.normalize(jobId));
    entry.put("kind", kind);
    entry.put("state", outcome.state());
    entry.set("result", outcome.result());
    entry.put("error", outcome.error());
    entry.put("finishedAt", clock.instant().toString());
    AtomicFiles.write(fileOf(jobId), JSON.writeValueAsBytes(entry), AtomicFiles.OWNER_ONLY);
  }

  private void prune(Instant cutoff) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : entries) {
        if (finishedAt(file).isBefore(cutoff)) {
          Files.deleteIfExists(file);
        }
      }
    }
    // Temp files of writes cut short by a crash; nothing else writes while the ledger opens.
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, ".*.tmp")) {
      for (Path file : leftovers) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** When the entry was recorded; the file's mtime if the entry cannot be read. */
  private static Instant finishedAt(Path file) throws IOException {
    try {
      return Instant.parse(JSON.readTree(file.toFile()).path("finishedAt").asText());
    } catch (IOException | DateTimeParseException e) {
      return Files.getLastModifiedTime(file).toInstant();
    }
  }

  private Path fileOf(String jobId) {
    return directory.resolve(JobId.normalize(jobId) + SUFFIX);
  }
}
