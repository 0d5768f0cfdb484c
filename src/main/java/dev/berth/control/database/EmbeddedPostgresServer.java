package dev.berth.control.database;

import dev.berth.storage.AtomicFiles;
import dev.berth.storage.FileTrees;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL server Berth runs itself when no external database is configured.
 *
 * <pre>
 *   &lt;dir&gt;/
 *     data/       PostgreSQL's data directory (fsync on: a crash loses no committed transaction)
 *     password    the superuser's password (0600); written last, so it marks a finished init
 * </pre>
 *
 * The server accepts only password logins, so other users of the host cannot use it. A server
 * left running by a killed control plane is stopped before the new one starts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /** Starts the server on the data under {@code dir}, creating it on first use. */
  public static EmbeddedPostgresServer start(Path dir) throws IOException {
    Path data = dir.resolve("data");
    Path passwordFile = dir.resolve("password");
    Files.createDirectories(dir);
    stopLeftoverServer(data);
    if (!Files.exists(passwordFile)) {
      initialise(data, passwordFile);
    }
    String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
    EmbeddedPostgres postgres = builder(data).setConnectConfig("password", password).start();
    return new EmbeddedPostgresServer(postgres, password);
  }

  /** JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  /** The database user. */
  public String user() {
    return USER;
  }

  /** The database user's password. */
  public String password() {
    return password;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private static EmbeddedPostgres.Builder builder(Path data) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "localhost");
  }

  // initdb trusts every local login; set a password, then accept only that.
  private static void initialise(Path data, Path passwordFile) throws IOException {
    FileTrees.delete(data); // an init interrupted before the password file was written left nothing of value
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    try (EmbeddedPostgres trusting = builder(data).start();
         Connection connection = trusting.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute("alter user postgres password '" + password + "'");
    } catch (SQLException e) {
      throw new IOException("cannot set the embedded database password", e);
    }
    Files.writeString(data.resolve("pg_hba.conf"), """
        # Berth: password logins only
        local all all scram-sha-256
        host  all all 127.0.0.1/32 scram-sha-256
        host  all all ::1/128 scram-sha-256
        """);
    AtomicFiles.write(passwordFile, password.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
    LOG.infof("initialised embedded PostgreSQL in %s", data);
  }

  private static void stopLeftoverServer(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> leftover = Files.readAllLines(pidFile).stream().findFirst()
        .map(String::trim).filter(s -> s.matches("\\d+"))
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (leftover.isEmpty()) {
      return;
    }
    LOG.infof("stopping PostgreSQL (pid %d) left running by an earlier control plane", leftover.get().pid());
    leftover.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, durable
    try {
      leftover.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("PostgreSQL left running in " + data + " did not stop", e);
    }
  }
}
