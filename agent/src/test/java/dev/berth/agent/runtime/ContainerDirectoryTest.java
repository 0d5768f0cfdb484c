package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDirectoryTest {
  @TempDir Path containers;

  @Test
  void stateRoundTripsWithTimesAndOptions() throws Exception {
    String id = ContainerId.generate();
    ContainerDirectory dir = ContainerDirectory.of(containers, id);
    CreateOptions options = CreateOptions.builder("bb:1").name("n").entrypoint("").cmd("sh", "-c", "exit 3")
        .env("A=1").user("app:staff").limits(new ResourceLimits(64L << 20, -1, 500_000_000L, 512, 10))
        .ulimits(new CreateOptions.Ulimit("nofile", 10, 20)).labels(Map.of("k", "v")).stopTimeout(3).restartPolicy(new RestartPolicy("on-failure", 3))
        .healthcheck(new HealthConfig(List.of("CMD-SHELL", "test -f /ok"), 200_000_000L, 0, 0, 0, 2)).build();
    Container container = new Container(id, "n", "sha256:" + "1".repeat(64), "bb:1",
        Instant.parse("2026-01-02T03:04:05.123456789Z"), ContainerStatus.RUNNING, 42, 41, 0,
        Instant.parse("2026-01-02T03:04:06Z"), null, dir.logFile().toString(), options, 2, true);

    assertEquals(Optional.empty(), dir.readState());
    dir.writeState(container);

    assertEquals(Optional.of(container), dir.readState());
  }

  @Test
  void exitCodeIsReadOnlyOnceConmonWroteIt() throws Exception {
    ContainerDirectory dir = ContainerDirectory.of(containers, ContainerId.generate());
    assertEquals(OptionalInt.empty(), dir.exitCode());
    Files.createDirectories(dir.exitDir());
    Files.writeString(dir.exitDir().resolve(dir.id()), "");
    assertEquals(OptionalInt.empty(), dir.exitCode(), "created, not yet written");
    Files.writeString(dir.exitDir().resolve(dir.id()), "137");
    assertEquals(OptionalInt.of(137), dir.exitCode());
    dir.clearExit();
    assertEquals(OptionalInt.empty(), dir.exitCode());
  }
}
