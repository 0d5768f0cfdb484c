package dev.berth.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLedgerTest {

  private static final String ID = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path dir;

  @Test
  void remembersOutcomesAcrossReopening() throws Exception {
    JobLedger.open(dir).record(ID, "echo", JobOutcome.succeeded(JsonNodeFactory.instance.textNode("hi")));

    JobOutcome found = JobLedger.open(dir).find(ID.toUpperCase()).orElseThrow();

    assertEquals(JobOutcome.SUCCEEDED, found.state());
    assertEquals("hi", found.result().asText());
    assertTrue(Files.exists(dir.resolve(ID + ".json")));
  }

  @Test
  void prunesEntriesOlderThanTheRetentionWhenOpened() throws Exception {
    String old = "00000000-0000-4000-8000-000000000001";
    JobLedger.open(dir, Clock.fixed(NOW.minus(Duration.ofDays(8)), ZoneOffset.UTC), Duration.ofDays(7))
        .record(old, "echo", JobOutcome.failed("x"));
    JobLedger.open(dir, Clock.fixed(NOW.minus(Duration.ofDays(6)), ZoneOffset.UTC), Duration.ofDays(7))
        .record(ID, "echo", JobOutcome.failed("y"));

    JobLedger ledger = JobLedger.open(dir, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));

    assertFalse(ledger.find(old).isPresent());
    assertEquals("y", ledger.find(ID).orElseThrow().error());
  }

  @Test
  void removesTempFilesLeftByACrash() throws Exception {
    Files.writeString(dir.resolve("." + ID + ".json.123.tmp"), "{");

    JobLedger.open(dir);

    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void refusesIdsThatAreNotUuids() throws Exception {
    JobLedger ledger = JobLedger.open(dir);

    assertThrows(IllegalArgumentException.class, () -> ledger.find("../../etc/passwd"));
    assertThrows(IllegalArgumentException.class,
        () -> ledger.record("1-1-1-1-1", "echo", JobOutcome.failed("x")));
  }
}
