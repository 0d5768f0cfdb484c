package dev.berth.agent;

import dev.berth.agent.registry.InsecureRegistries;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this agent is started: from command-line options, each falling back to an environment
 * variable.
 *
 * @param controlPlane base URL of the control plane, e.g. {@code https://127.0.0.1:8080}
 * @param name the host's name in the fleet
 * @param dataDir where the agent keeps its state (see {@code AgentLayout})
 * @param joinToken the one-time token for enrollment, needed only until the host is enrolled
 * @param dockerSocket where the agent serves its own Docker Engine API (a unix socket); empty when
 *     turned off with {@code --docker-socket none}
 * @param caCertificate PEM file of the CA the control plane's certificate is verified against until
 *     enrollment pins Berth's CA (and for hosts enrolled before certificates)
 * @param otherControlPlanes further replicas of the same control plane ({@code --control-plane url1,url2}):
 *     the link moves to the next one when the current one cannot be reached
 * @param insecureRegistries the registries pulls and pushes reach over plain HTTP
 *     ({@code --insecure-registry}, as dockerd's), loopback always among them
 */
public record AgentConfig(URI controlPlane, String name, Path dataDir, Optional<String> joinToken,
    Optional<Path> dockerSocket, Optional<Path> caCertificate, List<URI> otherControlPlanes,
    InsecureRegistries insecureRegistries) {

  /** Shown with a configuration error. */
  public static final String USAGE = String.join("\n",
      "usage: berth-agent --control-plane URL [--name NAME] [--data DIR] [--join-token TOKEN] [--docker-socket PATH]",
      "  --control-plane URL  control plane base URL, e.g. https://127.0.0.1:8080 (env BERTH_CONTROL_PLANE);",
      "                       replicas comma-separated: https://cp1:8080,https://cp2:8080",
      "  --name NAME          this host's name, default local                   (env BERTH_AGENT_NAME)",
      "  --data DIR           data directory, default /var/lib/berth/agent      (env BERTH_AGENT_DATA)",
      "  --join-token TOKEN   one-time enrollment token; it names Berth's CA by fingerprint (env BERTH_JOIN_TOKEN)",
      "  --docker-socket PATH local Docker API socket, default /run/berth/docker.sock, none: off",
      "                                                                         (env BERTH_DOCKER_SOCKET)",
      "  --ca-cert FILE       PEM CA to verify an https control plane by until enrollment pins Berth's CA",
      "                       (only for older join tokens without a CA fingerprint, or the operator's own CA)",
      "                                                                         (env BERTH_CA_CERT)",
      "  --insecure-registry HOST[:PORT]|CIDR  a registry reached over plain HTTP, repeatable",
      "                                       (env BERTH_INSECURE_REGISTRIES, comma-separated)");

  /** The default host name. */
  public static final String DEFAULT_NAME = "local";
  /** The default data directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/berth/agent");
  /** The default path of the local Docker API socket. */
  public static final Path DEFAULT_DOCKER_SOCKET = Path.of("/run/berth/docker.sock");
  /** The {@code --docker-socket} value that turns the local socket off. */
  public static final String NO_DOCKER_SOCKET = "none";
  // sun_path holds 108 bytes, the last one a NUL.
  private static final int MAX_SOCKET_PATH_BYTES = 107;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62})");
  private static final Map<String, String> ENV_OF_OPTION = Map.of(
      "--control-plane", "BERTH_CONTROL_PLANE",
      "--name", "BERTH_AGENT_NAME",
      "--data", "BERTH_AGENT_DATA",
      "--join-token", "BERTH_JOIN_TOKEN",
      "--docker-socket", "BERTH_DOCKER_SOCKET",
      "--ca-cert", "BERTH_CA_CERT",
      "--insecure-registry", "BERTH_INSECURE_REGISTRIES");
  /** The options that may be given several times: their values are joined with commas. */
  private static final String REPEATABLE = "--insecure-registry";

  /** A configuration without the local socket, for tests and tools that build one by hand. */
  public AgentConfig(URI controlPlane, String name, Path dataDir, Optional<String> joinToken) {
    this(controlPlane, name, dataDir, joinToken, Optional.empty());
  }

  /** A configuration with one control-plane replica and no given CA. */
  public AgentConfig(URI controlPlane, String name, Path dataDir, Optional<String> joinToken,
      Optional<Path> dockerSocket) {
    this(controlPlane, name, dataDir, joinToken, dockerSocket, Optional.empty(), List.of(),
        InsecureRegistries.LOOPBACK_ONLY);
  }

  /** Every control-plane replica this agent may link to, the first one first. */
  public List<URI> controlPlanes() {
    List<URI> all = new ArrayList<>(List.of(controlPlane));
    all.addAll(otherControlPlanes);
    return List.copyOf(all);
  }

  /** Keeps the join token out of logs. */
  @Override
  public String toString() {
    return "AgentConfig[controlPlane=" + controlPlanes() + ", name=" + name + ", dataDir=" + dataDir
        + ", joinToken=" + joinToken.map(t -> "***").orElse("none")
        + ", dockerSocket=" + dockerSocket.map(Path::toString).orElse(NO_DOCKER_SOCKET)
        + ", caCertificate=" + caCertificate.map(Path::toString).orElse("none")
        + ", insecureRegistries=" + insecureRegistries.names() + insecureRegistries.cidrs() + "]";
  }

  /** Parses {@code args} ({@code --opt value} or {@code --opt=value}), falling back to {@code env}. */
  public static AgentConfig parse(String[] args, Map<String, String> env) throws AgentConfigException {
    Map<String, String> options = readOptions(args);
    ENV_OF_OPTION.forEach((option, variable) -> {
      String value = env.get(variable);
      if (!options.containsKey(option) && value != null && !value.isBlank()) {
        options.put(option, value.strip());
      }
    });
    List<URI> controlPlanes = controlPlanes(options.get("--control-plane"));
    return new AgentConfig(
        controlPlanes.get(0),
        name(options.getOrDefault("--name", DEFAULT_NAME)),
        dataDir(options.get("--data")),
        Optional.ofNullable(options.get("--join-token")).filter(t -> !t.isBlank()),
        dockerSocket(options.get("--docker-socket")),
        caCertificate(options.get("--ca-cert")),
        controlPlanes.subList(1, controlPlanes.size()),
        insecureRegistries(options.get("--insecure-registry")));
  }

  private static Map<String, String> readOptions(String[] args) throws AgentConfigException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!ENV_OF_OPTION.containsKey(option)) {
        throw new AgentConfigException("unknown option: " + option);
      }
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new AgentConfigException(option + " needs a value");
      }
      options.merge(option, value.strip(), (earlier, later) -> option.equals(REPEATABLE) ? earlier + "," + later : later);
    }
    return options;
  }

  private static List<URI> controlPlanes(String value) throws AgentConfigException {
    if (value == null || value.isEmpty()) {
      throw new AgentConfigException(
          "the control plane URL is missing: pass --control-plane URL or set BERTH_CONTROL_PLANE");
    }
    List<URI> all = new ArrayList<>();
    for (String one : value.split(",")) {
      all.add(controlPlane(one.strip()));
    }
    return List.copyOf(all);
  }

  private static URI controlPlane(String value) throws AgentConfigException {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new AgentConfigException("the control plane URL must be http(s)://host[:port], not: " + value);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new AgentConfigException("the control plane URL is not a URL: " + value);
    }
  }

  private static InsecureRegistries insecureRegistries(String value) throws AgentConfigException {
    if (value == null || value.isEmpty()) {
      return InsecureRegistries.LOOPBACK_ONLY;
    }
    try {
      return InsecureRegistries.parse(List.of(value.split(",")));
    } catch (IllegalArgumentException e) {
      throw new AgentConfigException(e.getMessage());
    }
  }

  private static Optional<Path> caCertificate(String value) throws AgentConfigException {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Path path = absolutePath(value, "the CA certificate");
    if (!java.nio.file.Files.isReadable(path)) {
      throw new AgentConfigException("the CA certificate " + path + " is missing or unreadable");
    }
    return Optional.of(path);
  }

  private static String name(String value) throws AgentConfigException {
    if (!HOST_NAME.matcher(value).matches()) {
      throw new AgentConfigException("the host name must be 1-63 letters, digits, '.', '_' or '-'"
          + " starting with a letter or digit, not: " + value);
    }
    return value;
  }

  private static Path dataDir(String value) throws AgentConfigException {
    if (value == null || value.isEmpty()) {
      return DEFAULT_DATA_DIR;
    }
    return absolutePath(value, "the data directory");
  }

  private static Optional<Path> dockerSocket(String value) throws AgentConfigException {
    if (value == null || value.isEmpty()) {
      return Optional.of(DEFAULT_DOCKER_SOCKET);
    }
    if (value.equals(NO_DOCKER_SOCKET)) {
      return Optional.empty();
    }
    Path path = absolutePath(value, "the docker socket");
    if (path.getParent() == null) {
      throw new AgentConfigException("the docker socket must be a file path, not: " + value);
    }
    if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
      throw new AgentConfigException("the docker socket path is longer than a unix socket allows ("
          + MAX_SOCKET_PATH_BYTES + " bytes): " + path);
    }
    return Optional.of(path);
  }

  private static Path absolutePath(String value, String what) throws AgentConfigException {
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new AgentConfigException(what + " is not a valid path: " + value);
    }
  }
}
