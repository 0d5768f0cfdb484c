package dev.berth.agent.runtime;

import static dev.berth.agent.runtime.RuntimeFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.image.LoadProgress;
import dev.berth.agent.image.TestImages;
import dev.berth.agent.image.archive.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health checks run with runc exec in real containers, kept across a new runtime (an agent restart): needs root. */
@Tag("root")
class HealthCheckAsRootTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long MS = 1_000_000;

  @TempDir Path temp;
  private RuntimeFixture fixture;
  private ContainerRuntime runtime;

  @BeforeEach
  void setUp() throws Exception {
    fixture = RuntimeFixture.onThisHost(temp);
    runtime = fixture.runtime();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void theCheckRunsAsTheContainersProcessWithItsOutputCappedAtFourKibibytes() throws Exception {
    HealthConfig check = new HealthConfig(List.of("CMD-SHELL",
        "echo \"$FROM_IMAGE $(id -u) $(pwd)\"; head -c 5000 /dev/zero | tr '\\0' x"), 100 * MS, 0, 0, 0, 1);
    Container container = runtime.start(runtime.create(run("sleep", "1000").user("app").workingDir("/work")
        .healthcheck(check).build()).id());

    Health health = awaitHealth(container.id(), h -> h.status() == HealthStatus.HEALTHY);

    HealthResult result = health.log().get(0);
    assertEquals(0, result.exitCode());
    assertTrue(result.output().startsWith("yes 1000 /work\nxxx"), result.output());
    assertEquals(HealthProbe.MAX_OUTPUT + "...".length(), result.output().length());
    assertTrue(result.output().endsWith("x..."));
  }

  @Test
  void aCheckPastItsTimeoutIsKilledAndFails() throws Exception {
    HealthConfig slow = new HealthConfig(List.of("CMD", "sleep", "30"), 100 * MS, 300 * MS, 0, 0, 1);
    Container container = runtime.start(runtime.create(run("sleep", "1000").healthcheck(slow).build()).id());

    Health health = awaitHealth(container.id(), h -> h.status() == HealthStatus.UNHEALTHY);

    HealthResult result = health.log().get(0);
    assertEquals(-1, result.exitCode());
    assertEquals("Health check exceeded timeout (300ms)", result.output());
    assertTrue(Duration.between(result.start(), result.end()).compareTo(Duration.ofSeconds(5)) < 0, result.toString());
  }

  @Test
  void healthSurvivesANewRuntimeWhichResumesTheChecksAndEndsThemAtTheExit() throws Exception {
    List<HealthStatus> told = new CopyOnWriteArrayList<>();
    runtime.onHealthChange((container, status) -> told.add(status));
    HealthConfig check = new HealthConfig(List.of("CMD-SHELL", "test -f /ok"), 150 * MS, 0, 0, 0, 2);
    Container container = runtime.start(runtime.create(run("sh", "-c", "sleep 2; touch /ok; sleep 1000")
        .healthcheck(check).build()).id());
    assertEquals(HealthStatus.STARTING, runtime.health(container.id()).orElseThrow().status());
    awaitHealth(container.id(), h -> h.status() == HealthStatus.UNHEALTHY);
    Health healthy = awaitHealth(container.id(), h -> h.status() == HealthStatus.HEALTHY);
    for (int i = 0; i < 100 && told.size() < 2; i++) {
      Thread.sleep(10); // the listener is told just after the health is saved
    }
    assertEquals(List.of(HealthStatus.UNHEALTHY, HealthStatus.HEALTHY), told);
    assertTrue(Files.exists(ContainerDirectory.of(fixture.settings.containersDir(), container.id()).healthFile()));
    runtime.close();

    runtime = fixture.runtime();

    assertEquals(HealthStatus.HEALTHY, runtime.health(container.id()).orElseThrow().status(), "read back");
    Instant lastBefore = healthy.log().get(healthy.log().size() - 1).start();
    awaitHealth(container.id(), h -> h.log().get(h.log().size() - 1).start().isAfter(lastBefore.plusMillis(400)));
    runtime.stop(container.id(), Duration.ZERO);
    assertEquals(HealthStatus.UNHEALTHY, runtime.health(container.id()).orElseThrow().status(), "checks end with the container");
  }

  @Test
  void theImagesHealthcheckAppliesWithTheContainersFieldsOverIt() throws Exception {
    loadImage("hc:test", "{\"Test\":[\"CMD-SHELL\",\"test -f /ok\"],\"Interval\":30000000000,\"Retries\":5}");
    HealthConfig faster = new HealthConfig(List.of(), 100 * MS, 0, 0, 0, 0);
    Container checked = runtime.start(runtime.create(CreateOptions.builder("hc:test").cmd("sh", "-c", "touch /ok; sleep 1000")
        .healthcheck(faster).build()).id());
    Container unchecked = runtime.start(runtime.create(CreateOptions.builder("hc:test").cmd("sleep", "1000")
        .healthcheck(new HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0)).build()).id());

    assertEquals(new HealthConfig(List.of("CMD-SHELL", "test -f /ok"), 100 * MS, 0, 0, 0, 5),
        checked.options().healthcheck());
    awaitHealth(checked.id(), h -> h.status() == HealthStatus.HEALTHY);
    assertTrue(runtime.health(unchecked.id()).isEmpty(), "--no-healthcheck: no health at all");
  }

  // A docker-archive of the fixture's busybox rootfs whose image config has this Healthcheck.
  private void loadImage(String tag, String healthcheck) throws Exception {
    Path layer = TestImages.busyboxRootfsTar(temp, "hc", TestImages.APPLETS_AND_USERS);
    byte[] layerBytes = Files.readAllBytes(layer);
    String diffId = "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(layerBytes));
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"],\"Healthcheck\":"
        + healthcheck + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}";
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    var tar = new TarWriter(archive);
    tar.file("c.json", config.getBytes(StandardCharsets.UTF_8));
    tar.file("l.tar", layerBytes);
    tar.file("manifest.json", ("[{\"Config\":\"c.json\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\"l.tar\"]}]")
        .getBytes(StandardCharsets.UTF_8));
    tar.finish();
    fixture.images.load(new ByteArrayInputStream(archive.toByteArray()), LoadProgress.NONE);
  }

  private Health awaitHealth(String id, Predicate<Health> condition) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      Health current = runtime.health(id).orElse(null);
      if (current != null && condition.test(current)) {
        return current;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("health in time: " + runtime.health(id));
  }
}
