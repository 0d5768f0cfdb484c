package dev.berth.control.fleet;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Refuses the link upgrade with HTTP 429 (and {@code Retry-After}) to an agent that opened it more
 * than {@link LinkLimits#reconnectsPerMinute()} times in the last minute, for
 * {@link LinkLimits#reconnectPenalty()}: each upgrade costs a credential check and a hello in
 * PostgreSQL, so a reconnect loop would otherwise load the control plane for everyone. The agent's
 * link client treats 429 as "retry later" with its backoff.
 */
@ApplicationScoped
public class ReconnectThrottle implements HttpUpgradeCheck {
  private static final Logger LOG = Logger.getLogger(ReconnectThrottle.class);
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  @Inject LinkLimits limits;
  private final Map<String, Upgrades> byAgent = new ConcurrentHashMap<>();

  @Override
  public boolean appliesTo(String endpointId) {
    return AgentLinkEndpoint.ID.equals(endpointId);
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    return context.securityIdentity().onItem().transformToUni(identity -> {
      if (identity.isAnonymous()) {
        return CheckResult.permitUpgrade(); // the endpoint's security refuses it
      }
      String agent = identity.getPrincipal().getName();
      long refusedFor = byAgent.computeIfAbsent(agent, name -> new Upgrades()).attempt(System.nanoTime());
      if (refusedFor == 0) {
        return CheckResult.permitUpgrade();
      }
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(refusedFor));
      LOG.warnf("refused the link of %s: more than %d connections in a minute; retry in %d s",
          agent, limits.reconnectsPerMinute(), seconds);
      return CheckResult.rejectUpgrade(429, Map.of("Retry-After", List.of(Long.toString(seconds))));
    });
  }

  /** One agent's recent upgrades and the end of its penalty. */
  private final class Upgrades {
    private final Deque<Long> times = new ArrayDeque<>();
    private long refusedUntil;

    // Nanoseconds the agent is still refused for, or 0 when this upgrade may go ahead.
    synchronized long attempt(long now) {
      if (now - refusedUntil < 0) {
        return refusedUntil - now;
      }
      while (!times.isEmpty() && now - times.peekFirst() > MINUTE) {
        times.removeFirst();
      }
      if (times.size() >= limits.reconnectsPerMinute()) {
        times.clear();
        refusedUntil = now + limits.reconnectPenalty().toNanos();
        return refusedUntil - now;
      }
      times.addLast(now);
      return 0;
    }
  }
}
