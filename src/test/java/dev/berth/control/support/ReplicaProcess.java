package dev.berth.control.support;

import dev.berth.control.tls.TlsSettings;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second control-plane replica: the packaged control plane ({@code target/quarkus-app/quarkus-run.jar},
 * built by {@code ./mvnw package} before the tests) run as its own process on the test's PostgreSQL
 * and registry directory, with its own name, port and data directory, serving HTTPS only (the
 * default) with the test control plane's CA, given to it as an operator would: its
 * {@code ca.key}/{@code ca.crt} copied into the replica's {@code tls} directory. The other replicas
 * reach it at {@code https://127.0.0.2:<port>}, a loopback address its generated certificate names
 * only because it is the replica's address.
 */
public final class ReplicaProcess implements AutoCloseable {
  private final String name;
  private final int port;
  private final Path dataDir;
  private final Path log;
  private Process process;

  private ReplicaProcess(String name) {
    this.name = name;
    try (ServerSocket free = new ServerSocket(0)) {
      this.port = free.getLocalPort();
      this.dataDir = Files.createTempDirectory("berth-replica-" + name);
      this.log = dataDir.resolve("replica.log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts replica {@code name} and waits until it answers its health check. */
  public static ReplicaProcess start(String name) throws IOException, InterruptedException {
    ReplicaProcess replica = new ReplicaProcess(name);
    replica.launch();
    return replica;
  }

  /** Its base URL. */
  public URL url() {
    try {
      return URI.create("https://127.0.0.1:" + port + "/").toURL();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its replica name ({@code berth.replica}). */
  public String name() {
    return name;
  }

  /** Kills it at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** What it printed. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read the replica's log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private void launch() throws IOException, InterruptedException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build with ./mvnw package -DskipTests first");
    }
    Path tls = TlsSettings.directory(dataDir);
    AtomicFiles.createPrivateDirectories(tls);
    for (String file : List.of("ca.key", "ca.crt")) {
      Files.copy(BerthTls.caFile().resolveSibling(file), tls.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Config config = ConfigProvider.getConfig();
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx256m",
        "-jar", jar.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(Map.of(
        "BERTH_DB_URL", config.getValue("quarkus.datasource.jdbc.url", String.class),
        "BERTH_DB_USER", config.getValue("quarkus.datasource.username", String.class),
        "BERTH_DB_PASSWORD", config.getValue("quarkus.datasource.password", String.class),
        "BERTH_DATA", dataDir.toString(),
        "BERTH_REGISTRY_DIR", config.getValue("berth.registry.dir", String.class),
        "BERTH_REPLICA", name,
        "BERTH_HTTP_PORT", Integer.toString(port),
        "BERTH_REPLICA_ADDRESS", "https://127.0.0.2:" + port));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!healthy()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new AssertionError("replica " + name + " did not start; it printed:\n" + output());
      }
      Thread.sleep(200);
    }
  }

  private boolean healthy() {
    try {
      HttpsURLConnection connection = (HttpsURLConnection) URI.create(url() + "q/health/ready").toURL().openConnection();
      connection.setSSLSocketFactory(BerthTls.context(null, null).getSocketFactory());
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2_000);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
