package dev.berth.control.support;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One host of {@link NetnsHosts}: a network namespace plugged into the test bridge by a veth pair
 * ({@code eth0} inside, with the host's own address and a default route through the bridge), and a
 * real agent running in it. The agent is started with {@code nsenter --net}: it has its own
 * interfaces, routes, container bridge and iptables, and shares the machine's mounts, cgroups and
 * {@code /proc} (so {@code ip netns exec}'s fresh {@code /sys}, without cgroups, is avoided). What
 * it keeps on disk (data root, runc root, conmon's sockets, its Docker API socket) is all below its
 * own data directory, so hosts never meet on the shared file system.
 */
public final class NetnsHost implements AutoCloseable {
  private final String name;
  private final String namespace;
  private final String veth;
  private final String address;
  private final URL controlPlane;
  private AgentProcess agent;

  private NetnsHost(String name, String namespace, String veth, String address, URL controlPlane) {
    this.name = name;
    this.namespace = namespace;
    this.veth = veth;
    this.address = address;
    this.controlPlane = controlPlane;
  }

  /**
   * Makes namespace {@code namespace} with {@code address}/{@code prefixLength} on {@code eth0},
   * plugged into {@code bridge} through {@code veth}, routed through {@code gateway}, and starts
   * host {@code name}'s agent in it, enrolling with the control plane the test reaches at
   * {@code controlPlane} and the namespace at {@code seenFromHost}. Returns at once;
   * {@link #awaitOnline} waits for the link.
   */
  static NetnsHost start(String name, String namespace, String veth, String bridge, String address,
      int prefixLength, String gateway, URL controlPlane, URL seenFromHost) throws IOException, InterruptedException {
    NetnsHost host = new NetnsHost(name, namespace, veth, address, controlPlane);
    try {
      RootCommand.run("ip", "netns", "add", namespace);
      RootCommand.run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
      RootCommand.run("ip", "link", "set", veth, "master", bridge, "up");
      RootCommand.run("ip", "-n", namespace, "addr", "add", address + "/" + prefixLength, "dev", "eth0");
      RootCommand.run("ip", "-n", namespace, "link", "set", "lo", "up");
      RootCommand.run("ip", "-n", namespace, "link", "set", "eth0", "up");
      RootCommand.run("ip", "-n", namespace, "route", "add", "default", "via", gateway);
      String joinToken = Admin.joinToken();
      host.agent = new AgentProcess(seenFromHost, name, List.of("nsenter", "--net=/run/netns/" + namespace));
      host.agent.start(joinToken);
      return host;
    } catch (IOException | RuntimeException | InterruptedException e) {
      host.close();
      throw e;
    }
  }

  /** Waits until the control plane shows this host online. */
  void awaitOnline(Duration limit) throws InterruptedException {
    agent.await("host " + name + " (namespace " + namespace + ") coming online", limit, agent::online);
  }

  /** The host's name in the fleet. */
  public String name() {
    return name;
  }

  /** The host's own address, reachable from the machine (where the test runs) over the test bridge. */
  public String address() {
    return address;
  }

  /** The network namespace the host lives in ({@code /run/netns/<namespace>}). */
  public String namespace() {
    return namespace;
  }

  /** The host's agent. */
  public AgentProcess agent() {
    return agent;
  }

  /** The stock docker CLI for this host, through the control plane. */
  public DockerCli docker() throws IOException {
    return new DockerCli(controlPlane, name);
  }

  /**
   * Takes the host off the machine, whatever state a failed test left it in: its containers
   * (through its agent, then whatever runc still knows), its agent, the processes left in its
   * namespace (conmon), mounts below its data directory, the namespace with its veth pair, bridge
   * and iptables, the data directory, and its entry in the fleet.
   */
  @Override
  public void close() throws InterruptedException {
    Cleanup cleanup = new Cleanup("host " + name);
    if (agent != null) {
      Path data = agent.dataDir();
      cleanup.step(() -> {
        if (agent.running()) {
          agent.removeContainers();
        }
      });
      cleanup.step(agent::close);
      cleanup.step(() -> deleteLeftContainers(data.resolve("runtime/runc")));
      cleanup.step(this::killProcessesInNamespace);
      cleanup.step(() -> unmountBelow(data));
      // best effort (gone already is fine); by the test's URL, as after the last test RestAssured has none
      cleanup.step(() -> Admin.api().baseUri(controlPlane.toString()).delete("/api/v1/hosts/" + name));
    }
    cleanup.step(() -> {
      if (Files.exists(Path.of("/run/netns", namespace))) {
        RootCommand.run("ip", "netns", "del", namespace); // its veth end, bridge, rules go with it
      }
    });
    cleanup.step(this::removeVeth);
    if (agent != null) {
      cleanup.step(() -> RootCommand.run("rm", "-rf", "--one-file-system", agent.dataDir().toString()));
    }
    cleanup.finish();
  }


  // The machine's end goes with the namespace, a moment after it: only one still there after a while is removed.
  private void removeVeth() throws IOException, InterruptedException {
    Path device = Path.of("/sys/class/net", veth);
    for (int wait = 0; wait < 20 && Files.exists(device); wait++) {
      Thread.sleep(100);
    }
    if (Files.exists(device)) {
      RootCommand.run("ip", "link", "del", veth);
    }
  }

  private static void deleteLeftContainers(Path runcRoot) throws IOException, InterruptedException {
    if (!Files.isDirectory(runcRoot)) {
      return;
    }
    for (String id : RootCommand.run("runc", "--root", runcRoot.toString(), "list", "-q").lines().toList()) {
      if (!id.isBlank()) {
        RootCommand.run("runc", "--root", runcRoot.toString(), "delete", "--force", id.strip());
      }
    }
  }

  private void killProcessesInNamespace() throws IOException, InterruptedException {
    if (!Files.exists(Path.of("/run/netns", namespace))) {
      return;
    }
    for (String pid : RootCommand.run("ip", "netns", "pids", namespace).lines().toList()) {
      if (!pid.isBlank()) {
        new ProcessBuilder("kill", "-KILL", pid.strip()).start().waitFor();
      }
    }
  }

  private static void unmountBelow(Path dir) throws IOException, InterruptedException {
    String prefix = dir.toString() + "/";
    List<String> points = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" ")[4]).filter(point -> point.startsWith(prefix))
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String point : points) {
      RootCommand.run("umount", "-l", point.replace("\\040", " "));
    }
  }
}
