package dev.berth.control.support;

import dev.berth.control.database.EmbeddedPostgresServer;
import dev.berth.control.tls.TlsSettings;
import dev.berth.testsupport.TempTrees;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the control plane's tests against a real PostgreSQL: the same embedded server
 * {@code ./berth up} uses, in a fresh data directory, with a fresh {@code berth.data}. The
 * control plane serves plain HTTP (what most tests use) and HTTPS with Berth's CA (the agents'
 * mutual-TLS link, and the TLS tests) side by side.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
  /** The test run's {@code berth.data} directory (admin credentials live there). */
  public static Path dataDir;
  private EmbeddedPostgresServer postgres;

  @Override
  public Map<String, String> start() {
    try {
      dataDir = Files.createTempDirectory("berth-test-data");
      postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> config = new HashMap<>(Map.of(
        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
        "quarkus.datasource.username", postgres.user(),
        "quarkus.datasource.password", postgres.password(),
        "berth.data", dataDir.toString()));
    try {
      config.putAll(new TlsSettings(true, dataDir, Optional.empty(), Optional.empty(), List.of()).prepareForTests());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  @Override
  public void stop() {
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TempTrees.delete(dataDir);
  }
}
