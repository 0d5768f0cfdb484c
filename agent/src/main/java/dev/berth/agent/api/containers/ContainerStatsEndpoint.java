package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.host.HostCpuTime;
import dev.berth.agent.host.HostMemory;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerNotFoundException;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.cgroup.CgroupSample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /containers/{id}/stats?stream=&one-shot=}: {@code docker stats}, read from the
 * container's cgroup ({@link ContainerStatsJson}). As dockerd: {@code stream} (the default) sends
 * a frame a second, flushed, until the client goes away or the container is removed (a stopped
 * container's frames are zeroed); {@code stream=0} answers the second of two samples a second
 * apart, so CPU % can be computed, and {@code one-shot=1} the first at once; a container that is
 * not running answers one zeroed frame at once.
 */
public final class ContainerStatsEndpoint implements DockerEndpoint {
  private static final long INTERVAL_MILLIS = 1000;
  private static final byte[] NEWLINE = {'\n'};

  private final ContainerRuntime containers;

  /** Serves the stats of {@code containers}. */
  public ContainerStatsEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    boolean stream = request.queryParam("stream").map(ContainerStatsEndpoint::bool).orElse(true);
    boolean oneShot = request.queryParam("one-shot").map(ContainerStatsEndpoint::bool).orElse(false);
    if (stream && oneShot) {
      throw new DockerApiException(400, "cannot have stream=true and one-shot=true");
    }
    Container container = ContainerErrors.on(() -> containers.get(pathVariables.get("id")));
    ContainerStatsJson frames = new ContainerStatsJson(container, HostMemory.totalBytes());
    if (!stream) {
      if (!container.isRunning()) {
        send(response, frames.next(null, null, null));
        return;
      }
      ObjectNode frame = ContainerErrors.on(() -> frame(frames, container.id()));
      if (!oneShot && pause()) {
        frame = ContainerErrors.on(() -> frame(frames, container.id())); // the first only primes precpu_stats
      }
      send(response, frame);
      return;
    }
    StreamedBody body = new StreamedBody(response, 200, "application/json");
    try {
      do {
        body.write(JsonReply.mapper().writeValueAsBytes(frame(frames, container.id())));
        body.write(NEWLINE);
        body.flush();
      } while (pause());
    } catch (ContainerNotFoundException removed) {
      // the stream ends with the container
    } catch (IOException e) {
      if (!body.started()) {
        throw ContainerErrors.of(e, null);
      }
      return; // the client went away
    }
    body.close();
  }

  // One frame now: the container's counters while it runs, else zeroed.
  private ObjectNode frame(ContainerStatsJson frames, String id) throws IOException {
    Container current = containers.get(id);
    CgroupSample sample = null;
    if (current.isRunning()) {
      try {
        sample = containers.cgroup(current).sample();
      } catch (NoSuchFileException stopped) {
        // it stopped between the look and the read
      }
    }
    return frames.next(sample, sample == null ? null : HostCpuTime.read(), Instant.now());
  }

  private static void send(DockerResponse response, ObjectNode frame) throws IOException {
    byte[] json = JsonReply.mapper().writeValueAsBytes(frame);
    response.head(200, Map.of("Content-Type", List.of("application/json"),
        "Content-Length", List.of(Integer.toString(json.length + 1))));
    try (OutputStream body = response.body()) {
      body.write(json);
      body.write(NEWLINE);
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(INTERVAL_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // dockerd's httputils.BoolValue: anything but "", 0, no, false and none is true.
  private static boolean bool(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    return !(text.isEmpty() || text.equals("0") || text.equals("no") || text.equals("false") || text.equals("none"));
  }
}
