package dev.berth.control.fleet;

import java.util.UUID;

/** CDI event fired in the transaction that recorded a new sample of a host's load. */
public record HostStatsChanged(UUID hostId) {}
