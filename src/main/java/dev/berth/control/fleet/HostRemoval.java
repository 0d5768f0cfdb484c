package dev.berth.control.fleet;

import dev.berth.control.api.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Removes a host from the fleet: its credentials are revoked and its row (with its jobs) deleted,
 * then its link, if connected here, is closed. The agent's next connect is refused.
 */
@ApplicationScoped
public class HostRemoval {
  @Inject AgentSessions sessions;

  /** Removes the host named or identified by {@code ref}. */
  public Host remove(String ref) {
    Host removed = delete(ref);
    sessions.find(removed.id).ifPresent(session -> session.link().close("host removed from the fleet"));
    return removed;
  }

  @Transactional
  Host delete(String ref) {
    Host host = Host.findByRef(ref).orElseThrow(() -> ApiProblem.notFound("no such host: " + ref));
    AgentCredential.update("revokedAt = ?1 where host.id = ?2", Instant.now(), host.id);
    host.delete();
    return host;
  }
}
