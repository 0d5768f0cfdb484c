package dev.berth.control.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether PostgreSQL answers, asked every second over a connection of its own with short
 * timeouts (outside the pool, so a pool full of stuck connections cannot hide the answer, and a
 * stopped or unreachable server is noticed within seconds rather than after a TCP timeout).
 * While it is unavailable, {@link DatabaseOutageFilter} refuses requests at once instead of
 * letting them hang; when it answers again, the pool drops the connections that did not survive
 * (a restarted server) and {@link DatabaseRecovered} is fired.
 */
@ApplicationScoped
public class DatabaseHealth {
  private static final Logger LOG = Logger.getLogger(DatabaseHealth.class);
  private static final String PROBE_TIMEOUT_SECONDS = "2";

  @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url;
  @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user;
  @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password;
  @Inject Event<DatabaseRecovered> recovered;
  @Inject AgroalDataSource pool;

  private volatile boolean available = true;
  private Connection connection; // the probe's own, used by one probe at a time

  /** Whether PostgreSQL answered the last probe. */
  public boolean available() {
    return available;
  }

  /**
   * Whether a failure came from PostgreSQL being unreachable: SQL state class 08 (connection), 57P0x
   * (shut down, crashed, starting or recovering), a pool acquisition timeout.
   */
  public static boolean unreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && (String.valueOf(sql.getSQLState()).startsWith("08")
          || String.valueOf(sql.getSQLState()).startsWith("57P0") || String.valueOf(sql.getMessage()).contains("Acquisition timeout"))) {
        return true;
      }
      if (cause instanceof org.hibernate.exception.JDBCConnectionException) {
        return true;
      }
    }
    return false;
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void probe() {
    boolean answered = ping();
    if (answered == available) {
      return;
    }
    available = answered;
    if (answered) {
      LOG.info("PostgreSQL answers again");
      pool.flush(AgroalDataSource.FlushMode.INVALID);
      recovered.fire(new DatabaseRecovered());
    } else {
      LOG.error("PostgreSQL does not answer: refusing requests until it is back");
    }
  }

  private boolean ping() {
    try {
      if (connection == null) {
        Properties properties = new Properties();
        user.ifPresent(name -> properties.setProperty("user", name));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("connectTimeout", PROBE_TIMEOUT_SECONDS);
        properties.setProperty("loginTimeout", PROBE_TIMEOUT_SECONDS);
        properties.setProperty("socketTimeout", PROBE_TIMEOUT_SECONDS);
        properties.setProperty("ApplicationName", "berth-health");
        connection = DriverManager.getConnection(url, properties);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT 1");
      }
      return true;
    } catch (SQLException e) {
      LOG.debugf("database probe failed: %s", e.getMessage());
      closeConnection();
      return false;
    }
  }

  @PreDestroy
  synchronized void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a dead connection: nothing left to close
      }
      connection = null;
    }
  }
}
