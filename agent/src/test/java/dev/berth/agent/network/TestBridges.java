package dev.berth.agent.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bridge layouts of their own for tests: a bridge {@code bt<hex>}, a /24 subnet in 10.200.0.0/13,
 * chains {@code BT<HEX>-…} and a random port range of their own, so tests never meet the host's
 * network or each other's. {@link #remove} takes the bridge and chains away again.
 */
public final class TestBridges {
  private TestBridges() {}

  /** A fresh layout keeping its allocations under {@code stateDir}. */
  public static BridgeConfig unique(Path stateDir) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String tag = Integer.toHexString(random.nextInt(0x100000, 0xFFFFFF));
    Subnet subnet = new Subnet(Ipv4.parse("10.200.0.0") + (random.nextInt(2048) << 8), 24);
    int first = random.nextInt(30000, 39000);
    return new BridgeConfig("bt" + tag, subnet, "BT" + tag.toUpperCase(), first, first + 99, stateDir);
  }

  /** Removes the layout's bridge, its user-defined networks' bridges and the chains from the host. */
  public static void remove(BridgeConfig config) throws IOException {
    new HostNetworks(config, config.stateDir().resolve("no-containers")).removeFromHost();
  }
}
