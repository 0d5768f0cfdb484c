package dev.berth.control.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.control.fleet.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Image builds on the hosts of the fleet: each is the agent's own {@code POST /build} (what
 * {@code docker build} calls) over the host's link, with a context the control plane assembled
 * ({@link ContextArchive}). A build is recorded in the history (table {@code build}) when it
 * starts and again when it ends; while it runs its output is followed live through
 * {@link BuildOutput} on the replica that runs it.
 */
@ApplicationScoped
public class HostBuilds {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HISTORY_LIMIT = 100;
  // A build holds its thread for as long as it runs: threads of their own.
  private static final ExecutorService RUNNERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "host-build");
    thread.setDaemon(true);
    return thread;
  });

  private final Map<UUID, BuildOutput> running = new ConcurrentHashMap<>();

  @Inject DockerApiClient docker;
  @Inject AgentSessions sessions;
  @ConfigProperty(name = "berth.replica") String replica;

  /** A replica that starts runs no build: those it was running when it stopped failed with it. */
  void onStart(@Observes StartupEvent event) {
    QuarkusTransaction.requiringNew().run(() -> Build.update(
        "state = ?1, error = ?2, finishedAt = ?3 where state = ?4 and replica = ?5", Build.FAILED,
        "the control plane restarted during the build (the host may have finished it: see its images)", Instant.now(),
        Build.RUNNING, replica));
  }

  /**
   * Starts building on {@code host} from the tar at {@code context} (which this takes over and
   * deletes when the build ends); the build as recorded, still running.
   */
  public Build start(String host, BuildRequest request, Path context, String user) {
    try {
      Host known = QuarkusTransaction.requiringNew().call(() -> Host.findByName(host))
          .orElseThrow(() -> ApiProblem.notFound("no such host: " + host));
      // Online through this replica's link or another's (the build's stream then goes through that replica).
      if (sessions.findByName(host).isEmpty() && !known.online) {
        throw new ApiProblem(503, "host " + host + " is offline");
      }
    } catch (RuntimeException refused) {
      deleteQuietly(context);
      throw refused;
    }
    Build build = new Build();
    build.id = UUID.randomUUID();
    build.hostName = host;
    build.startedBy = user;
    build.startedAt = Instant.now();
    build.tags = JSON.valueToTree(request.tags());
    build.buildArgs = JSON.valueToTree(request.buildArgs());
    build.dockerfile = request.dockerfile();
    build.state = Build.RUNNING;
    build.outputTail = "";
    build.replica = replica;
    QuarkusTransaction.requiringNew().run(build::persist);
    BuildOutput output = new BuildOutput();
    running.put(build.id, output);
    RUNNERS.submit(() -> run(build.id, host, request, context, output));
    return build;
  }

  /** The builds of {@code host}, newest first (the last hundred). */
  public List<Build> list(String host) {
    return QuarkusTransaction.requiringNew().call(() -> Build.<Build>find("hostName", Sort.descending("startedAt"), host)
        .page(Page.ofSize(HISTORY_LIMIT)).list());
  }

  /** Build {@code id} of {@code host}, or a 404. */
  public Build find(String host, UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> Build.<Build>findByIdOptional(id))
        .filter(build -> build.hostName.equals(host))
        .orElseThrow(() -> ApiProblem.notFound("no such build on host " + host + ": " + id));
  }

  /** The output of {@code build}: all of it while it runs here, else the tail the history kept. */
  public String output(Build build) {
    return Optional.ofNullable(running.get(build.id)).map(BuildOutput::text).orElse(build.outputTail);
  }

  /**
   * Follows the output of {@code build}: live while it runs here, else the kept tail and the end
   * at once. Returns how to stop following.
   */
  public Runnable follow(Build build, BuildOutput.Listener listener) {
    BuildOutput live = running.get(build.id);
    if (live != null) {
      return live.follow(listener);
    }
    String tail = find(build.hostName, build.id).outputTail;
    if (!tail.isEmpty()) {
      listener.output(tail);
    }
    listener.end();
    return () -> { };
  }

  /** Waits up to {@code wait} for {@code build} to end; the build as recorded then. */
  public Build await(Build build, Duration wait) throws InterruptedException {
    BuildOutput live = running.get(build.id);
    if (live != null && !wait.isZero()) {
      CountDownLatch ended = new CountDownLatch(1);
      Runnable stop = live.follow(new BuildOutput.Listener() {
        @Override
        public void output(String text) {}

        @Override
        public void end() {
          ended.countDown();
        }
      });
      try {
        ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        stop.run();
      }
    }
    return find(build.hostName, build.id);
  }

  // Sends the context, reads dockerd's JSON message stream to its end, records how it ended.
  private void run(UUID id, String host, BuildRequest request, Path context, BuildOutput output) {
    long started = System.nanoTime();
    String imageId = null;
    String error = null;
    try (InputStream body = Files.newInputStream(context);
         DockerApiClient.StreamedReply reply = docker.send(host, "POST",
             DockerApiClient.API + "/build?" + request.query(), "application/x-tar", body)) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(reply.body(), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode message = JSON.readTree(line);
        if (message.hasNonNull("error")) {
          error = message.get("error").asText();
          output.append(error + "\n");
        } else if (message.path("aux").hasNonNull("ID")) {
          imageId = message.path("aux").get("ID").asText();
        } else if (message.hasNonNull("stream")) {
          output.append(message.get("stream").asText());
        } else if (message.hasNonNull("status")) {
          output.append(message.get("status").asText() + "\n");
        }
      }
      if (error == null && imageId == null) {
        error = "the build ended without an image";
      }
    } catch (ApiProblem refused) {
      error = refused.getMessage();
      output.append(error + "\n");
    } catch (IOException | RuntimeException broken) {
      error = "the build's stream from host " + host + " broke: " + broken.getMessage();
      output.append(error + "\n");
    } finally {
      deleteQuietly(context);
    }
    finish(id, imageId, error, Duration.ofNanos(System.nanoTime() - started), output);
  }

  private void finish(UUID id, String imageId, String error, Duration took, BuildOutput output) {
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        Build build = Build.findById(id);
        build.finishedAt = Instant.now();
        build.durationMs = took.toMillis();
        build.state = error == null ? Build.SUCCEEDED : Build.FAILED;
        build.imageId = imageId;
        build.error = error;
        build.outputTail = output.tail();
      });
    } finally {
      running.remove(id);
      output.end();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the system's tmp cleaning takes it
    }
  }
}
