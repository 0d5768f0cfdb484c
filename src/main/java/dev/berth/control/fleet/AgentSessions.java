package dev.berth.control.fleet;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The agents connected to this replica, by host. */
@ApplicationScoped
public class AgentSessions {
  private final Map<UUID, AgentSession> byHost = new ConcurrentHashMap<>();
  // Every tunnelled Docker API request looks its host up by name: keep that a map lookup.
  private final Map<String, AgentSession> byName = new ConcurrentHashMap<>();

  /** Exposes the number of connected agents as {@code berth_agents_connected}. */
  @Inject
  void registerGauge(MeterRegistry registry) {
    registry.gaugeMapSize("berth.agents.connected", List.of(), byHost);
  }

  /** The session of a host, if its agent is connected here. */
  public Optional<AgentSession> find(UUID hostId) {
    return Optional.ofNullable(byHost.get(hostId));
  }

  /** The session of the host with this name, if its agent is connected here. */
  public Optional<AgentSession> findByName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every connected host. */
  public Collection<UUID> connectedHosts() {
    return List.copyOf(byHost.keySet());
  }

  /** Registers a new session; an older one for the same host is returned so it can be closed. */
  Optional<AgentSession> register(AgentSession session) {
    byName.put(session.hostName(), session);
    return Optional.ofNullable(byHost.put(session.hostId(), session));
  }

  /** Forgets a session unless a newer one replaced it; returns whether it was the current one. */
  boolean unregister(AgentSession session) {
    byName.remove(session.hostName(), session);
    return byHost.remove(session.hostId(), session);
  }
}
