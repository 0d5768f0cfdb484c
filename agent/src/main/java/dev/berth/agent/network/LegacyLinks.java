package dev.berth.agent.network;

import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerNotFoundException;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.NetworkEndpoint;
import dev.berth.agent.runtime.NetworkOptions.PortBinding;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Legacy links ({@code --link name:alias}) on the default bridge, as dockerd makes them: the
 * linked container must exist at create and run at start; the linking container's
 * {@code /etc/hosts} gets a line {@code ip alias hostname [name]} per link, and its environment
 * dockerd's link variables ({@code DB_PORT=tcp://ip:5432}, {@code DB_PORT_5432_TCP_ADDR}, …,
 * {@code DB_NAME=/web/db}, {@code DB_ENV_*} from the linked container's environment).
 */
final class LegacyLinks {
  /** A running linked container, its alias and its address. */
  record Link(Container child, String alias, NetworkEndpoint endpoint) {}

  private static final Set<String> DAEMON_VARIABLES = Set.of("PATH", "HOSTNAME", "TERM");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainerLookup containers;

  LegacyLinks(ContainerLookup containers) {
    this.containers = containers;
  }

  /** Checks at create that each linked container exists and that links are not asked of host networking. */
  void check(CreateOptions options) throws IOException {
    if (!options.network().links().isEmpty() && options.networkMode().equals("host")) {
      throw new IllegalArgumentException(
          "conflicting options: host type networking can't be used with links. This would result in undefined behavior");
    }
    for (String link : options.network().links()) {
      String name = link.substring(0, link.indexOf(':'));
      try {
        containers.get(name);
      } catch (ContainerNotFoundException e) {
        throw new IllegalArgumentException("could not get container for " + name + ": " + e.getMessage());
      }
    }
  }

  /**
   * The links of {@code parent} to running containers with an address; {@code strict}: a linked
   * container that is gone or not running fails as dockerd fails the start, else it is left out.
   */
  List<Link> resolve(Container parent, Function<String, Optional<NetworkEndpoint>> endpoints, boolean strict)
      throws IOException {
    List<Link> links = new ArrayList<>();
    for (String link : parent.options().network().links()) {
      String name = link.substring(0, link.indexOf(':'));
      String alias = link.substring(link.indexOf(':') + 1);
      Optional<Container> child = find(name, strict);
      Optional<NetworkEndpoint> endpoint = child.filter(Container::isRunning).flatMap(c -> endpoints.apply(c.id()));
      if (endpoint.isPresent()) {
        links.add(new Link(child.get(), alias, endpoint.get()));
      } else if (strict) {
        throw new ContainerConflictException("Cannot link to a non running container: /" + child.get().name() + " AS /"
            + parent.name() + "/" + alias);
      }
    }
    return links;
  }

  /** The {@code /etc/hosts} lines of {@code links}: the address, then the alias, hostname and name (when not the alias). */
  static List<String> hosts(List<Link> links) {
    return links.stream().map(link -> {
      String hostname = hostname(link.child());
      String names = link.alias() + " " + hostname + (link.alias().equals(link.child().name()) ? "" : " "
          + link.child().name());
      return link.endpoint().ip() + "\t" + names;
    }).toList();
  }

  /**
   * dockerd's link variables of {@code parentName}'s {@code links}; {@code environment} gives a
   * linked container's own {@code KEY=value} variables.
   */
  static List<String> environment(String parentName, List<Link> links, Function<Container, List<String>> environment) {
    List<String> env = new ArrayList<>();
    for (Link link : links) {
      String alias = link.alias().toUpperCase().replace('-', '_');
      String ip = link.endpoint().ip();
      List<String[]> ports = link.child().options().network().exposedPorts().stream()
          .map(port -> new PortBinding(port, "", "").port().split("/")).distinct()
          .sorted(Comparator.<String[]>comparingInt(p -> Integer.parseInt(p[0])).thenComparing(p -> !p[1].equals("tcp")))
          .toList();
      if (!ports.isEmpty()) {
        env.add(alias + "_PORT=" + ports.get(0)[1] + "://" + ip + ":" + ports.get(0)[0]);
      }
      for (int i = 0; i < ports.size(); ) {
        int j = lastContiguous(ports, i);
        String[] first = ports.get(i);
        String prefix = alias + "_PORT_" + first[0] + "_" + first[1].toUpperCase();
        if (j > i + 1) {
          String[] last = ports.get(j);
          env.add(prefix + "_START=" + first[1] + "://" + ip + ":" + first[0]);
          env.add(prefix + "_ADDR=" + ip);
          env.add(prefix + "_PROTO=" + first[1]);
          env.add(prefix + "_PORT_START=" + first[0]);
          env.add(alias + "_PORT_" + first[0] + "_" + last[1].toUpperCase() + "_END=" + last[1] + "://" + ip + ":"
              + last[0]);
          env.add(alias + "_PORT_" + first[0] + "_" + last[1].toUpperCase() + "_PORT_END=" + last[0]);
        }
        for (int k = i; k <= j; k++) {
          String[] port = ports.get(k);
          String each = alias + "_PORT_" + port[0] + "_" + port[1].toUpperCase();
          env.add(each + "=" + port[1] + "://" + ip + ":" + port[0]);
          env.add(each + "_ADDR=" + ip);
          env.add(each + "_PORT=" + port[0]);
          env.add(each + "_PROTO=" + port[1]);
        }
        i = j + 1;
      }
      env.add(alias + "_NAME=/" + parentName + "/" + link.alias());
      for (String variable : environment.apply(link.child())) {
        int equals = variable.indexOf('=');
        String name = equals < 0 ? "" : variable.substring(0, equals);
        if (equals > 0 && !name.equals("HOME") && !name.equals("PATH")) {
          env.add(alias + "_ENV_" + variable);
        }
      }
    }
    return env;
  }

  /**
   * {@code spec} with {@code linkEnv} after its leading PATH, HOSTNAME and TERM (the variables a
   * container sets itself win), instead of those the last process was given (kept in {@code link-env}
   * of {@code containerDir}, so a restart does not pile them up).
   */
  static RuntimeSpec withEnvironment(RuntimeSpec spec, Path containerDir, List<String> linkEnv) throws IOException {
    Path given = containerDir.resolve("link-env");
    Set<String> previous = Files.exists(given) ? Set.copyOf(Files.readAllLines(given)) : Set.of();
    List<String> env = new ArrayList<>(spec.process().env().stream().filter(e -> !previous.contains(e)).toList());
    Set<String> keys = env.stream().map(e -> e.substring(0, Math.max(0, e.indexOf('=')))).collect(Collectors.toSet());
    int at = 0;
    while (at < env.size() && DAEMON_VARIABLES.contains(env.get(at).substring(0, Math.max(0, env.get(at).indexOf('='))))) {
      at++;
    }
    List<String> added = linkEnv.stream().filter(e -> !keys.contains(e.substring(0, e.indexOf('=')))).toList();
    env.addAll(at, added);
    Files.write(given, added);
    RuntimeSpec.Process process = spec.process();
    return new RuntimeSpec(spec.ociVersion(), new RuntimeSpec.Process(process.terminal(), process.user(), process.args(),
        env, process.cwd(), process.capabilities(), process.rlimits(), process.noNewPrivileges()), spec.root(),
        spec.hostname(), spec.mounts(), spec.linux());
  }

  /** A container's own variables as its spec gives them, without those the daemon and its links set. */
  static List<String> ownEnvironment(Path containerDir) throws IOException {
    Path spec = containerDir.resolve("config.json");
    Path given = containerDir.resolve("link-env");
    Set<String> links = Files.exists(given) ? Set.copyOf(Files.readAllLines(given)) : Set.of();
    List<String> env = new ArrayList<>();
    if (Files.exists(spec)) {
      JSON.readTree(spec.toFile()).path("process").path("env").forEach(variable -> env.add(variable.asText()));
    }
    return env.stream().filter(e -> !links.contains(e) && !e.startsWith("HOSTNAME=") && !e.startsWith("TERM="))
        .toList();
  }

  // dockerd's nextContiguous: the last index of the run of consecutive port numbers starting at i
  private static int lastContiguous(List<String[]> ports, int i) {
    int value = Integer.parseInt(ports.get(i)[0]);
    for (int k = i + 1; k < ports.size(); k++) {
      if (Integer.parseInt(ports.get(k)[0]) > value + 1) {
        return k - 1;
      }
      value++;
    }
    return ports.size() - 1;
  }

  private static String hostname(Container container) {
    String given = container.options().hostname();
    return given == null || given.isEmpty() ? container.shortId() : given;
  }

  private Optional<Container> find(String name, boolean strict) throws IOException {
    try {
      return Optional.of(containers.get(name));
    } catch (ContainerNotFoundException e) {
      if (strict) {
        throw new ContainerNotFoundException(name);
      }
      return Optional.empty();
    }
  }
}
