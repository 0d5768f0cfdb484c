package dev.berth.control.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Random;

/**
 * A simulated host's containers as {@code GET /containers/json?all=1} lists them. Each report
 * flips one container between running and exited, so every report carries a real change.
 */
final class SimulatedContainers {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final String host;
  private final String[] ids;
  private final boolean[] running;
  private int turn;

  SimulatedContainers(String host, int count) {
    this.host = host;
    this.ids = new String[count];
    this.running = new boolean[count];
    Random random = new Random(host.hashCode());
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      ids[i] = HexFormat.of().formatHex(id);
      running[i] = true;
    }
  }

  synchronized JsonNode nextReport() {
    if (ids.length > 0) {
      int flipped = turn++ % ids.length;
      running[flipped] = !running[flipped];
    }
    ArrayNode items = JSON.arrayNode();
    for (int i = 0; i < ids.length; i++) {
      items.add(container(i));
    }
    return items;
  }

  private ObjectNode container(int i) {
    ObjectNode item = JSON.objectNode();
    item.put("Id", ids[i]);
    item.putArray("Names").add("/" + host + "-app-" + i);
    item.put("Image", "registry.example/app:" + (i % 3));
    item.put("ImageID", "sha256:" + ids[(i + 1) % ids.length]);
    item.put("Command", "/app --serve");
    item.put("Created", 1_780_000_000L + i);
    item.put("State", running[i] ? "running" : "exited");
    item.put("Status", running[i] ? "Up 5 minutes" : "Exited (0) 1 second ago");
    ObjectNode port = item.putArray("Ports").addObject();
    port.put("PrivatePort", 80);
    port.put("Type", "tcp");
    item.putObject("Labels").put("app", "sim").put("tier", i % 2 == 0 ? "web" : "worker");
    return item;
  }
}
