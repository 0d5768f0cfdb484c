package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether each host is online, kept in PostgreSQL so every replica and view agrees. The replica
 * holding a link marks its host online, refreshes {@code last_seen_at} every few seconds, and
 * marks it offline when the link closes; hosts whose replica went silent are marked offline by
 * whichever replica notices first.
 */
@ApplicationScoped
public class HostPresence {
  /** A host not seen for this long is offline. */
  public static final Duration OFFLINE_AFTER = Duration.ofSeconds(15);
  private static final Logger LOG = Logger.getLogger(HostPresence.class);

  @Inject AgentSessions sessions;
  @Inject Event<HostChanged> changes;
  @ConfigProperty(name = "berth.replica") String replica;

  /** The agent of {@code hostId} connected here and reported its facts. */
  @Transactional
  public void markOnline(UUID hostId, JsonNode facts) {
    markOnline(hostId, facts, null);
  }

  /** The agent of {@code hostId} connected here from {@code linkAddress} (when known) and reported its facts. */
  @Transactional
  public void markOnline(UUID hostId, JsonNode facts, String linkAddress) {
    Host.<Host>findByIdOptional(hostId).ifPresent(host -> {
      if (linkAddress != null) {
        host.linkAddress = linkAddress;
      }
      Instant now = Instant.now();
      host.online = true;
      host.linkReplica = replica;
      host.connectedAt = now;
      host.lastSeenAt = now;
      if (facts != null && facts.isObject()) {
        host.facts = facts;
      }
      changes.fire(new HostChanged(hostId));
      LOG.infof("host %s online", host.name);
    });
  }

  /** The link of {@code hostId} on this replica closed. */
  @Transactional
  public void markOffline(UUID hostId) {
    int changed = Host.update("online = false, linkReplica = null where id = ?1 and linkReplica = ?2", hostId, replica);
    if (changed > 0) {
      changes.fire(new HostChanged(hostId));
      LOG.infof("host %s offline", hostId);
    }
  }

  void onStart(@Observes StartupEvent event) {
    clearOwnLinks();
  }

  /** A restarted replica holds no links: hosts it held before are offline until they reconnect. */
  @Transactional
  void clearOwnLinks() {
    Host.update("online = false, linkReplica = null where linkReplica = ?1", replica);
  }

  @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  @Transactional
  void refresh() {
    Instant now = Instant.now();
    // The hosts linked here, named by replica rather than by a list of ids: one short statement
    // whether this replica holds ten links or ten thousand.
    if (!sessions.connectedHosts().isEmpty()) {
      Host.update("lastSeenAt = ?1 where online = true and linkReplica = ?2", now, replica);
    }
    int lost = Host.update("online = false, linkReplica = null where online = true and lastSeenAt < ?1",
        now.minus(OFFLINE_AFTER));
    if (lost > 0) {
      changes.fire(new HostChanged(null));
      LOG.infof("%d host(s) offline: their control-plane replica stopped reporting them", lost);
    }
  }
}
