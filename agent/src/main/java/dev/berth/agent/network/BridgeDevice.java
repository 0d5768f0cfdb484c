package dev.berth.agent.network;

import dev.berth.agent.host.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux bridge of a network and the veth pairs plugging containers into it, made with
 * {@code ip}. A container's end is made directly in its network namespace (the one runc made,
 * named by its init pid) as {@code eth0}, with Docker's MAC; its address and default route are set
 * there through {@code nsenter}. The pair goes away with the namespace when the container's
 * processes end; removing it earlier removes the host's end.
 */
final class BridgeDevice {
  private static final Path ROOT = Path.of("/");
  private static final Path NET_DEV = Path.of("/proc/self/net/dev");
  private final BridgeConfig config;

  BridgeDevice(BridgeConfig config) {
    this.config = config;
  }

  /**
   * Makes the bridge with the gateway address when missing, and lets the host route for it: IP
   * forwarding on, and 127.0.0.0/8 sources routed onto it ({@code route_localnet}) so published
   * ports answer at 127.0.0.1. A subnet that overlaps a route of another interface is refused.
   */
  void ensure() throws IOException {
    String bridge = config.bridge();
    checkRoutes();
    if (!exists(bridge)) {
      HostCommand.run(ROOT, List.of("ip", "link", "add", bridge, "type", "bridge"));
    }
    String address = config.subnet().gateway() + "/" + config.subnet().prefixLength();
    String shown = HostCommand.run(ROOT, List.of("ip", "-4", "-o", "addr", "show", "dev", bridge));
    if (!shown.contains(" " + address + " ")) {
      HostCommand.run(ROOT, List.of("ip", "addr", "add", address, "dev", bridge));
    }
    HostCommand.run(ROOT, List.of("ip", "link", "set", bridge, "up"));
    sysctl("net/ipv4/ip_forward", "1");
    sysctl("net/ipv4/conf/" + bridge + "/route_localnet", "1");
  }

  /** Removes the bridge (tests, uninstall). */
  void remove() throws IOException {
    if (exists(config.bridge())) {
      HostCommand.run(ROOT, List.of("ip", "link", "del", config.bridge()));
    }
  }

  /** Plugs the namespace of process {@code pid} in as {@code eth0} with {@code ip}, {@code mac} and the default route. */
  void plug(String id, long pid, String ip, String mac) throws IOException {
    plug(hostEnd(id), pid, "eth0", ip, mac, true);
  }

  /**
   * Plugs the namespace of process {@code pid} in through veth {@code veth} as {@code name} with
   * {@code ip} and {@code mac}, with the default route through the bridge when {@code defaultRoute}.
   */
  void plug(String veth, long pid, String name, String ip, String mac, boolean defaultRoute) throws IOException {
    HostCommand.run(ROOT, List.of("ip", "-batch", "-"), "link add " + veth + " type veth peer name " + name + " address "
        + mac + " netns " + pid + "\nlink set " + veth + " master " + config.bridge() + " up\n");
    try {
      HostCommand.run(ROOT, List.of("nsenter", "-t", Long.toString(pid), "-n", "ip", "-batch", "-"),
          "addr add " + ip + "/" + config.subnet().prefixLength() + " dev " + name + "\nlink set " + name + " up\n"
              + (defaultRoute ? "route add default via " + config.subnet().gateway() + "\n" : ""));
    } catch (IOException e) {
      unplugVeth(veth);
      throw e;
    }
  }

  /** Removes the container's veth pair when it is still there. */
  void unplug(String id) throws IOException {
    unplugVeth(hostEnd(id));
  }

  /** Removes the veth pair {@code veth} when it is still there. */
  void unplugVeth(String veth) throws IOException {
    if (exists(veth)) {
      try {
        HostCommand.run(ROOT, List.of("ip", "link", "del", veth));
      } catch (IOException e) {
        if (exists(veth)) {
          throw e; // else it went with its namespace meanwhile
        }
      }
    }
  }

  /** The first {@code ethN} not in the namespace of process {@code pid}. */
  static String nextInterface(long pid) throws IOException {
    String links = HostCommand.run(ROOT, List.of("nsenter", "-t", Long.toString(pid), "-n", "ip", "-o", "link", "show"));
    int n = 0;
    while (links.contains(" eth" + n + "@") || links.contains(" eth" + n + ":")) {
      n++;
    }
    return "eth" + n;
  }

  /** The host's end of container {@code id}'s veth pair: {@code vb} and 13 characters of its id. */
  static String hostEnd(String id) {
    return "vb" + id.substring(0, 13);
  }

  /**
   * Whether this network namespace has the link {@code link}. Read from {@code /proc/self/net/dev},
   * which follows the agent's network namespace, not from {@code /sys/class/net}, which follows the
   * one sysfs was mounted in (an agent started with {@code nsenter --net} keeps the host's).
   */
  static boolean exists(String link) throws IOException {
    for (String line : Files.readAllLines(NET_DEV)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(link)) {
        return true;
      }
    }
    return false;
  }

  private void checkRoutes() throws IOException {
    List<String> clashes = new ArrayList<>();
    for (String route : HostCommand.run(ROOT, List.of("ip", "-4", "route", "show")).split("\n")) {
      String[] words = route.trim().split("\\s+");
      String destination = words.length > 1 && !Character.isDigit(words[0].charAt(0)) ? words[1] : words[0];
      if (!Character.isDigit(destination.charAt(0)) || (route + " ").contains(" dev " + config.bridge() + " ")) {
        continue; // default, or the bridge's own
      }
      if (config.subnet().overlaps(destination)) {
        clashes.add(route.trim());
      }
    }
    if (!clashes.isEmpty()) {
      throw new IOException("the subnet " + config.subnet() + " of bridge " + config.bridge()
          + " overlaps the host's routes: " + String.join("; ", clashes) + " (choose another subnet)");
    }
  }

  private static void sysctl(String key, String value) throws IOException {
    Path file = Path.of("/proc/sys", key);
    if (!Files.readString(file).trim().equals(value)) {
      Files.writeString(file, value);
    }
  }
}
