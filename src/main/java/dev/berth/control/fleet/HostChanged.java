package dev.berth.control.fleet;

import java.util.UUID;

/** CDI event fired in the transaction that changed a host's presence ({@code hostId} null: several hosts). */
public record HostChanged(UUID hostId) {}
