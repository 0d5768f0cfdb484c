package dev.berth.control.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.link.LinkClosedException;
import dev.berth.link.LinkStream;
import dev.berth.link.StreamInput;
import dev.berth.link.message.ReplyHead;
import dev.berth.link.message.RequestHead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane's own calls to a host's Docker Engine API (for dashboard pages that show
 * what only the agent knows, such as an image's history), over the same link streams as the
 * tunnel. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DockerApiClient {
  private static final long TIMEOUT_SECONDS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AgentSessions sessions;

  /** {@code GET path} on the host's Docker API, answered as JSON; a Docker error becomes an ApiProblem. */
  public JsonNode get(String hostName, String path) {
    LinkStream stream = open(hostName, RequestHead.docker("GET", path, Map.of("Accept", List.of("application/json"))));
    try (InputStream body = new StreamInput(stream)) {
      stream.end();
      ReplyHead head = stream.reply().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      JsonNode answer = JSON.readTree(body);
      if (head.status() >= 400) {
        throw new ApiProblem(head.status(), answer.path("message").asText("request failed"));
      }
      return answer;
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiProblem(503, "interrupted");
    }
  }

  private LinkStream open(String hostName, RequestHead head) {
    try {
      return sessions.findByName(hostName)
          .orElseThrow(() -> new ApiProblem(503, "host " + hostName + " is offline"))
          .link().open(head);
    } catch (LinkClosedException e) {
      throw new ApiProblem(503, "host " + hostName + " is offline: " + e.getMessage());
    }
  }
}
