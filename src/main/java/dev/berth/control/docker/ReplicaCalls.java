package dev.berth.control.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.replica.ReplicaClients;
import dev.berth.control.replica.Replicas;
import dev.berth.link.message.ReplyHead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The control plane's own Docker API calls ({@link DockerApiClient}) for a host linked to another
 * replica, made through that replica ({@link ForwardedDockerCalls}) so dashboard pages show any
 * host's live data whichever replica serves them: over HTTPS, the other replica verified by
 * Berth's CA ({@link ReplicaClients}). Blocking.
 */
@ApplicationScoped
class ReplicaCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  @Inject Replicas replicas;
  @Inject ReplicaClients clients;

  /** The address of the replica holding {@code hostName}'s link, if another one does. */
  Optional<String> holderOf(String hostName) {
    return replicas.holderOf(hostName);
  }

  /**
   * {@code method path} on the host through the replica at {@code replica}, with {@code content}
   * (null: none) of {@code contentType}; a Docker error becomes an ApiProblem.
   */
  DockerApiClient.StreamedReply call(String replica, String hostName, String method, String path, String contentType,
                                     InputStream content) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica + ForwardedDockerCalls.PREFIX + hostName + path))
        .header(Replicas.SECRET_HEADER, replicas.secret())
        .header(ForwardedDockerCalls.METHOD_HEADER, method)
        .header("Accept", "application/json")
        .method(method, content == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofInputStream(() -> content));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<InputStream> reply = clients.blocking().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (reply.statusCode() >= 400) {
        try (InputStream body = reply.body()) {
          throw new ApiProblem(reply.statusCode(), JSON.readTree(body).path("message").asText("request failed"));
        }
      }
      return new DockerApiClient.StreamedReply(new ReplyHead(reply.statusCode(), reply.headers().map()), reply.body());
    } catch (IOException e) {
      throw new ApiProblem(502, "host " + hostName + " did not answer " + path + " through the replica at "
          + replica + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiProblem(503, "interrupted");
    }
  }
}
