package dev.berth.control.support;

import static io.restassured.RestAssured.given;

import dev.berth.testsupport.TempTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real agent ({@code agent/target/berth-agent.jar}, built by this build before the tests)
 * run as its own process against the control plane under test, with its own data directory. It
 * links over HTTPS, as in production: it verifies the control plane by Berth's CA and, once
 * enrolled, proves itself with its client certificate (mutual TLS), whatever URL the test has.
 */
public final class AgentProcess implements AutoCloseable {
  private final URL controlPlane;
  private final String name;
  private final Path dataDir;
  private final Path log;
  private final List<String> launcher;
  private final Map<String, String> network = uniqueNetwork();
  private Process process;
  private String otherReplicas = "";
  private boolean givenCa = true;

  /** An agent for host {@code name}, not yet started. */
  public AgentProcess(URL controlPlane, String name) {
    this(controlPlane, name, List.of());
  }

  /**
   * An agent for host {@code name} whose commands run through {@code launcher} (e.g.
   * {@code nsenter --net=/run/netns/x}, see {@link NetnsHosts}), not yet started. Agents on this
   * machine given the test control plane's HTTP address link to its HTTPS side with their
   * certificate (the production path); agents in another network namespace reach it at the given
   * address, which its certificate (issued at start, before the namespaces existed) does not name;
   * other control planes (a second replica) are reached as given.
   */
  public AgentProcess(URL controlPlane, String name, List<String> launcher) {
    this.controlPlane = launcher.isEmpty() && isTestControlPlaneHttp(controlPlane) ? BerthTls.httpsUrl() : controlPlane;
    this.name = name;
    this.launcher = List.copyOf(launcher);
    try {
      this.dataDir = Files.createTempDirectory("berth-agent-" + name);
      this.log = dataDir.resolve("agent.log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets the agent also link to these control-plane replicas ({@code --control-plane url1,url2}). */
  public AgentProcess withReplicas(URL... others) {
    StringBuilder urls = new StringBuilder();
    for (URL other : others) {
      urls.append(',').append(other);
    }
    otherReplicas = urls.toString();
    return this;
  }

  /** Starts the agent without {@code --ca-cert}: it finds Berth's CA by its join token's fingerprint. */
  public AgentProcess withoutCaCert() {
    givenCa = false;
    return this;
  }

  private static boolean isTestControlPlaneHttp(URL url) {
    return "http".equals(url.getProtocol()) && url.getPort()
        == org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
  }

  /** The agent's data directory ({@code --data}). */
  public Path dataDir() {
    return dataDir;
  }

  /** Starts the agent, enrolling with {@code joinToken} when given. */
  public AgentProcess start(String joinToken) {
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(
        javaBinary(), "-XX:+UseSerialGC", "-Xmx64m", "-jar", agentJar(),
        "--control-plane", controlPlane + otherReplicas, "--name", name, "--data", dataDir.toString(),
        "--docker-socket", dataDir.resolve("docker.sock").toString())); // not the host's /run/berth/docker.sock
    if (givenCa) {
      command.addAll(List.of("--ca-cert", BerthTls.caFile().toString()));
    }
    if (joinToken != null) {
      command.addAll(List.of("--join-token", joinToken));
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(network);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A new agent for host {@code name}, enrolled with a fresh join token, once its host is online. */
  public static AgentProcess startOnline(URL controlPlane, String name) throws InterruptedException {
    AgentProcess agent = new AgentProcess(controlPlane, name).start(Admin.joinToken());
    try {
      agent.await("host " + name + " coming online", Duration.ofSeconds(30), agent::online);
      return agent;
    } catch (AssertionError notOnline) {
      agent.close();
      throw notOnline;
    }
  }

  /** Starts the agent with its stored credential. */
  public AgentProcess restart() {
    return start(null);
  }

  /** Kills the agent at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Sends a signal (e.g. {@code STOP}, {@code CONT}) to the agent. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " failed");
    }
  }

  /** Whether the agent was started and has not exited. */
  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Removes every container of the running agent, forcibly (through its local Docker API socket). */
  public void removeContainers() throws IOException, InterruptedException {
    String socket = "unix://" + dataDir.resolve("docker.sock");
    List<String> ids = RootCommand.run("docker", "-H", socket, "ps", "-aq").lines().filter(l -> !l.isBlank()).toList();
    if (!ids.isEmpty()) {
      List<String> remove = new ArrayList<>(List.of("docker", "-H", socket, "rm", "-f"));
      remove.addAll(ids);
      RootCommand.run(remove);
    }
  }

  /** The agent's process id. */
  public long pid() {
    return process.pid();
  }

  /** The agent's exit code, waiting up to {@code limit} for it to exit. */
  public Integer exitCode(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** What the agent printed. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read the agent's log: " + e + ")";
    }
  }

  /** Whether the control plane shows this agent's host online. */
  public boolean online() {
    var response = given().header("Authorization", "Bearer " + Admin.token()).get("/api/v1/hosts/" + name);
    return response.statusCode() == 200 && Boolean.TRUE.equals(response.path("online"));
  }

  /** Waits until {@code condition} holds, failing with the agent's output after {@code limit}. */
  public void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + limit + "; agent output:\n" + output());
      }
      Thread.sleep(100);
    }
  }

  /**
   * Removes the containers a test left (through the running agent, so their mounts, cgroups and
   * rules go too; a {@code --rm} container may still be on its way out when the test ends), stops
   * the agent, takes its bridge and iptables chains off the host and removes its data.
   */
  @Override
  public void close() throws InterruptedException {
    if (running()) {
      try {
        removeContainers();
      } catch (IOException | RuntimeException e) {
        System.err.println("agent " + name + ": could not remove its containers: " + e);
      }
      kill();
    }
    try {
      List<String> command = new ArrayList<>(launcher);
      command.addAll(List.of(javaBinary(), "-cp", agentJar(), "dev.berth.agent.network.RemoveBridge", dataDir.toString()));
      ProcessBuilder remove = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      remove.environment().putAll(network);
      remove.start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TempTrees.delete(dataDir);
  }

  // A bridge, subnet, chains and port range of this agent's own, so test agents never meet the host's network or each other.
  private static Map<String, String> uniqueNetwork() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String tag = Integer.toHexString(random.nextInt(0x100000, 0xFFFFFF));
    int subnet = random.nextInt(2048);
    int firstPort = random.nextInt(30000, 39000);
    return Map.of("BERTH_BRIDGE", "bt" + tag,
        "BERTH_BRIDGE_SUBNET", "10." + (200 + subnet / 256) + "." + (subnet % 256) + ".0/24",
        "BERTH_CHAIN_PREFIX", "BT" + tag.toUpperCase(Locale.ROOT),
        "BERTH_PORT_RANGE", firstPort + "-" + (firstPort + 99));
  }

  private static String agentJar() {
    String jar = System.getProperty("berth.agent.jar", "agent/target/berth-agent.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException("the agent jar " + jar + " is missing: build with ./mvnw verify at the root");
    }
    return jar;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
