package dev.berth.control;

import dev.berth.control.database.EmbeddedPostgresServer;
import dev.berth.control.tls.TlsSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;

/**
 * Starts the control plane. It first prepares TLS (Berth's CA and the server certificate, see
 * {@link TlsSettings}); without {@code BERTH_DB_URL} it then starts the embedded PostgreSQL
 * under {@code $BERTH_DATA/postgres} and points the datasource at it.
 */
@QuarkusMain
public final class BerthMain {
  private BerthMain() {}

  /** Entry point of {@code quarkus-run.jar}. */
  public static void main(String... args) throws Exception {
    Path data = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));
    int port = Integer.parseInt(System.getenv().getOrDefault("BERTH_HTTP_PORT", "8080"));
    TlsSettings.fromEnvironment(data).prepare(port).forEach(System::setProperty);
    String externalUrl = System.getenv("BERTH_DB_URL");
    if (externalUrl != null && !externalUrl.isBlank()) {
      Quarkus.run(args);
      return;
    }
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data.resolve("postgres"))) {
      System.setProperty("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
      System.setProperty("quarkus.datasource.username", postgres.user());
      System.setProperty("quarkus.datasource.password", postgres.password());
      Quarkus.run(args);
    }
  }
}
