package dev.berth.control.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The inventory reads a container's health from its status text, as dockerd writes it. */
class ContainerHealthTextTest {

  @Test
  void readsHealthFromTheStatusText() {
    assertEquals("healthy", InventoryUpdater.health("Up 5 minutes (healthy)"));
    assertEquals("unhealthy", InventoryUpdater.health("Up 2 hours (unhealthy)"));
    assertEquals("starting", InventoryUpdater.health("Up 3 seconds (health: starting)"));
    assertEquals("healthy", InventoryUpdater.health("Up About a minute (Paused) (healthy)"));
    assertNull(InventoryUpdater.health("Up 5 minutes"));
    assertNull(InventoryUpdater.health("Exited (0) 2 seconds ago"));
    assertNull(InventoryUpdater.health("Up 1 second (Paused)"));
  }
}
