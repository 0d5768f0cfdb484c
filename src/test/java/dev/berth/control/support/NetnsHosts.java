package dev.berth.control.support;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Several real hosts on this one machine, for tests: each a network namespace with its own address
 * and its own agent ({@link NetnsHost}), all enrolled in the control plane under test, which they
 * reach at the test bridge's address on the machine.
 *
 * <pre>
 * machine (the test's JVM; the control plane listens on 0.0.0.0:&lt;port&gt;)
 * └── bridge mhb&lt;tag&gt;  10.A.B.1/24          a /24 in 10.210-249 that no route of the machine touches
 *     ├── veth mh&lt;tag&gt;a ─ netns berth-mh-&lt;tag&gt;-a: eth0 10.A.B.10, default via 10.A.B.1
 *     │                    agent "&lt;prefix&gt;-a": own data root, container bridge bt…, subnet, chains BT…
 *     ├── veth mh&lt;tag&gt;b ─ netns berth-mh-&lt;tag&gt;-b: eth0 10.A.B.11 …
 *     └── …
 * </pre>
 *
 * Names carry a random tag, so nothing else on the machine (nor another run) is touched. Everything
 * goes at {@link #close}, also after a failed test, and at the JVM's exit if close was never reached.
 */
public final class NetnsHosts implements AutoCloseable {
  private static final int PREFIX_LENGTH = 24;
  private static final Duration ONLINE_LIMIT = Duration.ofSeconds(60);

  private final String bridge;
  private final String gateway;
  private final int port;
  private final List<NetnsHost> hosts = new ArrayList<>();
  private final Thread atExit = new Thread(this::closeQuietly, "netns-hosts-cleanup");

  private NetnsHosts(String bridge, String gateway, int port) {
    this.bridge = bridge;
    this.gateway = gateway;
    this.port = port;
  }

  /**
   * Starts {@code count} hosts named {@code <prefix>-a}, {@code <prefix>-b}, … enrolled in the
   * control plane the test reaches at {@code controlPlane}; returns once all are online.
   */
  public static NetnsHosts start(URL controlPlane, String prefix, int count) throws IOException, InterruptedException {
    if (count < 1 || count > 26) {
      throw new IllegalArgumentException("between 1 and 26 hosts, not " + count);
    }
    String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    String network = freeSubnet();
    NetnsHosts fleet = new NetnsHosts("mhb" + tag, network + ".1", controlPlane.getPort());
    Runtime.getRuntime().addShutdownHook(fleet.atExit);
    try {
      RootCommand.run("ip", "link", "add", fleet.bridge, "type", "bridge");
      RootCommand.run("ip", "addr", "add", fleet.gateway + "/" + PREFIX_LENGTH, "dev", fleet.bridge);
      RootCommand.run("ip", "link", "set", fleet.bridge, "up");
      URL seenFromHosts = fleet.controlPlaneSeenFromHosts();
      for (int i = 0; i < count; i++) {
        char letter = (char) ('a' + i);
        fleet.hosts.add(NetnsHost.start(prefix + "-" + letter, "berth-mh-" + tag + "-" + letter, "mh" + tag + letter,
            fleet.bridge, network + "." + (10 + i), PREFIX_LENGTH, fleet.gateway, controlPlane, seenFromHosts));
      }
      for (NetnsHost host : fleet.hosts) {
        host.awaitOnline(ONLINE_LIMIT);
      }
      return fleet;
    } catch (IOException | RuntimeException | InterruptedException | Error e) {
      fleet.closeQuietly();
      throw e;
    }
  }

  /** The test bridge on the machine, which the hosts' veth pairs plug into. */
  public String bridge() {
    return bridge;
  }

  /** The hosts, in the order of their letters. */
  public List<NetnsHost> hosts() {
    return List.copyOf(hosts);
  }

  /** The {@code i}-th host (from 0). */
  public NetnsHost host(int i) {
    return hosts.get(i);
  }

  /**
   * The control plane's {@code address:port} as the hosts see it: the domain of the built-in
   * registry for their pushes and pulls (not loopback, so reached as the agents reach the control plane).
   */
  public String controlPlaneAddress() {
    return gateway + ":" + port;
  }

  /** Removes every host, then the test bridge. */
  @Override
  public void close() throws InterruptedException {
    Cleanup cleanup = new Cleanup("the test bridge " + bridge + " and its hosts");
    for (NetnsHost host : hosts) {
      cleanup.step(host::close);
    }
    hosts.clear();
    cleanup.step(() -> {
      if (Files.exists(Path.of("/sys/class/net", bridge))) {
        RootCommand.run("ip", "link", "del", bridge);
      }
    });
    try {
      Runtime.getRuntime().removeShutdownHook(atExit);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself
    }
    cleanup.finish();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (AssertionError e) {
      System.err.println("NetnsHosts: " + e + (e.getCause() == null ? "" : ": " + e.getCause()));
    }
  }

  private URL controlPlaneSeenFromHosts() throws MalformedURLException {
    return new URL("http://" + controlPlaneAddress() + "/");
  }

  // The first three octets of a random /24 in 10.210.0.0-10.249.255.0 that no route or address of the machine overlaps.
  private static String freeSubnet() throws IOException, InterruptedException {
    List<String> taken = new ArrayList<>();
    for (String line : RootCommand.run("ip", "-4", "route", "show", "table", "all").lines().toList()) {
      String[] words = line.strip().split("\\s+");
      String destination = words.length > 1 && !Character.isDigit(words[0].charAt(0)) ? words[1] : words[0];
      if (Character.isDigit(destination.charAt(0))) {
        taken.add(destination);
      }
    }
    for (String line : RootCommand.run("ip", "-4", "-o", "addr", "show").lines().toList()) {
      String[] words = line.strip().split("\\s+");
      taken.add(words[3]);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100; attempt++) {
      int pick = random.nextInt(40 * 256);
      String network = "10." + (210 + pick / 256) + "." + (pick % 256);
      if (taken.stream().noneMatch(t -> overlaps(network + ".0/" + PREFIX_LENGTH, t))) {
        return network;
      }
    }
    throw new IOException("no free /24 in 10.210.0.0/11 next to the machine's routes " + taken);
  }

  private static boolean overlaps(String a, String b) {
    int shorter = Math.min(prefixLength(a), prefixLength(b));
    int mask = shorter == 0 ? 0 : -1 << (32 - shorter);
    return (address(a) & mask) == (address(b) & mask);
  }

  private static int prefixLength(String cidr) {
    return cidr.contains("/") ? Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)) : 32;
  }

  private static int address(String cidr) {
    String[] octets = cidr.replaceFirst("/.*", "").split("\\.");
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = value << 8 | (i < octets.length ? Integer.parseInt(octets[i]) : 0);
    }
    return value;
  }
}
