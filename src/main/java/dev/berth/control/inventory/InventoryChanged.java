package dev.berth.control.inventory;

import java.util.UUID;

/** CDI event fired in the transaction that replaced a host's inventory of one kind. */
public record InventoryChanged(UUID hostId, String kind) {}
