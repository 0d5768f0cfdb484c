package dev.berth.agent.link;

import dev.berth.util.Log;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.AgentComponents;
import dev.berth.agent.AgentVersion;
import dev.berth.agent.enroll.AgentCredential;
import dev.berth.link.JdkWebSocketTransport;
import dev.berth.link.Link;
import dev.berth.link.message.Hello;
import dev.berth.link.message.Welcome;
import java.lang.System.Logger.Level;
import dev.berth.agent.tls.AgentTls;
import dev.berth.agent.tls.ControlPlaneHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps the agent's one link to the control plane up: dials out (so agents may sit behind NAT),
 * says hello with the host's facts and running jobs, heartbeats, and after any loss redials
 * with exponential backoff and jitter. With several control-plane replicas, each failed dial or
 * lost link moves on to the next one, so a replica's death costs its agents one redial. A control plane that refuses the credential (the host was
 * removed or its credential revoked) ends the agent: retrying cannot fix that.
 */
public final class LinkClient {
  private static final System.Logger LOG = Log.of(LinkClient.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(3);
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(10);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> linkUris;
  private int next;
  private URI linkUri;
  private final AgentCredential credential;
  private final AgentComponents components;
  private final AgentTls tls;
  private final ControlPlaneHttp http;
  private final ExecutorService streamWorkers = Executors.newCachedThreadPool(daemon("stream"));
  private final JobMessages jobMessages;
  private volatile Link current;

  /**
   * A client for the control plane served by {@code replicas} (http or https), tried in turn. Over
   * https an agent holding a client certificate proves itself with it (mutual TLS) and sends no
   * secret; agents enrolled before certificates, and links over plain http, send the bearer credential.
   */
  public LinkClient(List<URI> replicas, AgentCredential credential, AgentTls tls, AgentComponents components)
      throws IOException {
    this.linkUris = replicas.stream().map(LinkClient::linkUri).toList();
    this.credential = credential;
    this.tls = tls;
    this.http = new ControlPlaneHttp(tls, builder -> builder.connectTimeout(Duration.ofSeconds(10)));
    tls.httpClient(); // a broken TLS set-up fails here, at start
    this.components = components;
    this.jobMessages = new JobMessages(components.jobs(), () -> current);
  }

  /** Connects and reconnects until the credential is refused; returns only then. */
  public void run() throws InterruptedException {
    Duration retry = FIRST_RETRY;
    while (true) {
      JdkWebSocketTransport transport = new JdkWebSocketTransport();
      linkUri = linkUris.get(next);
      next = (next + 1) % linkUris.size();
      try {
        connect(transport);
        retry = FIRST_RETRY;
        String reason = transport.closed().join();
        current = null;
        LOG.log(Level.WARNING, "link to " + linkUri + " lost: " + reason);
        if (linkUris.size() > 1) {
          continue; // another replica is likely up: try the next one at once
        }
      } catch (CompletionException e) {
        if (e.getCause() instanceof WebSocketHandshakeException refused
            && (refused.getResponse().statusCode() == 401 || refused.getResponse().statusCode() == 403)) {
          LOG.log(Level.ERROR, "the control plane refused this agent's credential (HTTP "
              + refused.getResponse().statusCode() + "): the host was removed or its credential revoked;"
              + " enroll again with --join-token");
          return;
        }
        Duration later = retryLater(e.getCause());
        if (later != null) {
          LOG.log(Level.WARNING, "the control plane asks this agent to connect later (HTTP "
              + ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode() + "): retrying in about "
              + later.toSeconds() + " s");
          retry = later.compareTo(retry) > 0 ? later : retry;
        } else {
          LOG.log(Level.WARNING, "cannot reach the control plane at " + linkUri + ": " + e.getCause());
        }
      }
      Duration wait = jittered(retry);
      Thread.sleep(wait.toMillis());
      retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    }
  }

  private void connect(JdkWebSocketTransport transport) {
    Link link = new Link(Link.Side.AGENT, transport, message -> {
      if (message instanceof Welcome welcome) {
        // On standard output like the agent's other start-up lines: the first log record would
        // set up the logging handler, its formatter and the time-zone rules, which an idle agent
        // otherwise never needs (its footprint is a goal).
        System.out.println("berth-agent: linked to the control plane as host " + welcome.name());
      } else {
        jobMessages.onMessage(message);
      }
    }, new StreamTunnel(components.dockerApi(), streamWorkers));
    transport.attach(link);
    // A fresh client after a renewal: the link presents the newest certificate.
    WebSocket.Builder builder = http.get().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    // Over TLS the certificate is the proof; a replica on plain HTTP (behind a TLS-terminating load
    // balancer) takes the secret.
    if (!("wss".equals(linkUri.getScheme()) && tls.hasCertificate())) {
      builder.header("Authorization", "Bearer " + credential.credential());
    }
    builder.buildAsync(linkUri, transport).join();
    current = link;
    JsonNode facts = JSON.valueToTree(components.hostFacts().get());
    link.send(new Hello(AgentVersion.current(), facts, List.copyOf(components.jobs().runningJobIds())));
    link.startHeartbeat(components.timer(), HEARTBEAT, SILENCE_LIMIT);
    components.inventory().sendThrough(() -> current);
    components.inventory().reportAll();
  }

  /**
   * How long to wait before redialling when the control plane refused the upgrade for now: 429
   * (this agent reconnected too often) or 503 (the control plane's database is unavailable), by
   * its {@code Retry-After} (seconds); null for any other failure.
   */
  private static Duration retryLater(Throwable failure) {
    if (!(failure instanceof WebSocketHandshakeException refused)
        || (refused.getResponse().statusCode() != 429 && refused.getResponse().statusCode() != 503)) {
      return null;
    }
    String after = refused.getResponse().headers().firstValue("Retry-After").orElse("1");
    try {
      return Duration.ofSeconds(Math.max(1, Math.min(MAX_RETRY.toSeconds(), Long.parseLong(after.trim()))));
    } catch (NumberFormatException notSeconds) {
      return Duration.ofSeconds(1);
    }
  }

  private static URI linkUri(URI controlPlane) {
    String scheme = "https".equalsIgnoreCase(controlPlane.getScheme()) ? "wss" : "ws";
    String base = controlPlane.toString().replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/+$", "");
    return URI.create(scheme + "://" + base + "/agent/link");
  }

  private static Duration jittered(Duration base) {
    long millis = base.toMillis();
    return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, "link-" + name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
