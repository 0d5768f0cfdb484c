package dev.berth.control.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.link.LinkClosedException;
import dev.berth.link.LinkStream;
import dev.berth.link.StreamInput;
import dev.berth.link.StreamOutput;
import dev.berth.link.message.ReplyHead;
import dev.berth.link.message.RequestHead;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane's own calls to a host's Docker Engine API (for dashboard pages that show
 * what only the agent knows, such as an image's history), over the same link streams as the
 * tunnel; for a host linked to another replica, through that replica ({@link ReplicaCalls}, and
 * {@link ReplicaForwarder} for hijacked sessions: the web terminal). Blocking: call it from a
 * worker thread.
 */
@ApplicationScoped
public class DockerApiClient {
  /** The Docker API version prefix of the control plane's own calls (and the dashboard's). */
  public static final String API = "/v1.47";
  private static final long TIMEOUT_SECONDS = 30;
  private static final int SEND_CHUNK = 1 << 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject AgentSessions sessions;
  @Inject ReplicaCalls replicaCalls;
  @Inject ReplicaForwarder replicaForwarder;

  /** A streamed answer: its head, and its body to read on the calling thread; closing it stops the stream. */
  public record StreamedReply(ReplyHead head, InputStream body) implements Closeable {
    /** The first value of a response header (any case), or null. */
    public String header(String name) {
      return head.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
          .map(h -> h.getValue().get(0)).findFirst().orElse(null);
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /** {@code GET path} on the host's Docker API, answered as JSON; a Docker error becomes an ApiProblem. */
  public JsonNode get(String hostName, String path) {
    try (StreamedReply reply = stream(hostName, path)) {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + ": " + e.getMessage());
    }
  }

  /**
   * {@code GET path} on the host's Docker API with its body left to read as it comes (logs that
   * follow, events); a Docker error becomes an ApiProblem before any of the body is read.
   */
  public StreamedReply stream(String hostName, String path) {
    Optional<String> replica = elsewhere(hostName);
    if (replica.isPresent()) {
      return replicaCalls.call(replica.get(), hostName, "GET", path, null, null);
    }
    LinkStream stream = open(hostName, RequestHead.docker("GET", path, Map.of("Accept", List.of("application/json"))));
    StreamInput body = new StreamInput(stream);
    stream.end();
    return reply(hostName, path, stream, body);
  }

  /**
   * {@code method path} on the host's Docker API with a long {@code body} of {@code contentType}
   * streamed under the link's flow control (a restore's archive), answered as {@link #stream}.
   * Sending stops early if the host answers before it has read everything (an error).
   */
  public StreamedReply send(String hostName, String method, String path, String contentType, InputStream content) {
    Optional<String> replica = elsewhere(hostName);
    if (replica.isPresent()) {
      return replicaCalls.call(replica.get(), hostName, method, path, contentType, content);
    }
    LinkStream stream = open(hostName, RequestHead.docker(method, path, Map.of("Content-Type", List.of(contentType))));
    StreamInput body = new StreamInput(stream);
    try (StreamOutput out = new StreamOutput(stream)) {
      byte[] chunk = new byte[SEND_CHUNK];
      int n;
      while (!stream.reply().isDone() && (n = content.read(chunk)) > 0) {
        out.write(chunk, 0, n);
      }
    } catch (IOException e) {
      body.close();
      throw new ApiProblem(502, "cannot send " + path + " to host " + hostName + ": " + e.getMessage());
    }
    return reply(hostName, path, stream, body);
  }

  /** {@code POST path} on the host's Docker API with a JSON body, answered as JSON (an empty object for no body). */
  public JsonNode post(String hostName, String path, JsonNode body) {
    byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
    try (StreamedReply reply = send(hostName, "POST", path, "application/json", new ByteArrayInputStream(json))) {
      byte[] answer = reply.body().readAllBytes();
      return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
    } catch (IOException e) {
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + ": " + e.getMessage());
    }
  }

  /**
   * {@code POST path} with a JSON body, asking to hijack the connection (exec start, attach): the
   * stream whose further bytes are the raw session both ways once the host switched protocols
   * ({@code 101}); any other answer becomes an ApiProblem.
   */
  public HijackedSession hijack(String hostName, String path, JsonNode body) {
    byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
    Optional<String> replica = elsewhere(hostName);
    if (replica.isPresent()) {
      return await(hostName, path, replicaForwarder.hijack(replica.get(), hostName, path, Buffer.buffer(json))
          .toCompletionStage().toCompletableFuture());
    }
    LinkStream stream = open(hostName, RequestHead.docker("POST", path, Map.of(
        "Content-Type", List.of("application/json"), "Content-Length", List.of(Integer.toString(json.length)),
        "Connection", List.of("Upgrade"), "Upgrade", List.of("tcp"))));
    stream.write(ByteBuffer.wrap(json));
    ReplyHead head;
    try {
      head = await(hostName, path, stream.reply());
    } catch (ApiProblem noAnswer) {
      stream.reset("no answer");
      throw noAnswer;
    }
    if (head.status() != 101) {
      try (StreamInput answer = new StreamInput(stream)) {
        stream.end();
        throw new ApiProblem(head.status() >= 400 ? head.status() : 502,
            JSON.readTree(answer).path("message").asText("host " + hostName + " did not switch protocols"));
      } catch (IOException e) {
        throw new ApiProblem(502, "host " + hostName + " did not answer " + path + ": " + e.getMessage());
      }
    }
    return HijackedSession.of(stream);
  }

  // What the host answered within the time limit; an ApiProblem as it is, anything else a 502.
  private static <T> T await(String hostName, String path, CompletableFuture<T> answer) {
    try {
      return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiProblem problem) {
        throw problem;
      }
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + " within " + TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiProblem(503, "interrupted");
    }
  }

  private StreamedReply reply(String hostName, String path, LinkStream stream, StreamInput body) {
    try {
      ReplyHead head = stream.reply().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (head.status() >= 400) {
        try (body) {
          throw new ApiProblem(head.status(), JSON.readTree(body).path("message").asText("request failed"));
        }
      }
      return new StreamedReply(head, body);
    } catch (IOException | ExecutionException | TimeoutException e) {
      body.close();
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      body.close();
      Thread.currentThread().interrupt();
      throw new ApiProblem(503, "interrupted");
    }
  }

  // The replica holding the host's link when it is not linked here.
  private Optional<String> elsewhere(String hostName) {
    return sessions.findByName(hostName).isPresent() ? Optional.empty() : replicaCalls.holderOf(hostName);
  }

  private LinkStream open(String hostName, RequestHead head) {
    try {
      return sessions.findByName(hostName)
          .orElseThrow(() -> new ApiProblem(503, elsewhere(hostName).isPresent()
              ? "host " + hostName + " is linked to another control-plane replica: open this there"
              : "host " + hostName + " is offline"))
          .link().open(head);
    } catch (LinkClosedException e) {
      throw new ApiProblem(503, "host " + hostName + " is offline: " + e.getMessage());
    }
  }
}
