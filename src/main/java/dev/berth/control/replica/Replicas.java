package dev.berth.control.replica;

import dev.berth.control.tls.ServerCertificate;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The control-plane replicas sharing this PostgreSQL: each records the address where the others
 * reach it ({@code berth.replica.address}, by default {@code https://<this host>:<port>}, or
 * {@code http://} when TLS is off), so a request for a host whose agent is linked to another
 * replica can be forwarded there ({@link ReplicaClients}: over TLS, the peer verified by Berth's
 * CA, which the replicas share). The replicas prove themselves to each other with a secret
 * PostgreSQL holds ({@code replica_secret}), so nothing has to be configured twice.
 */
@ApplicationScoped
public class Replicas {
  /** The header carrying the inter-replica secret. */
  public static final String SECRET_HEADER = "X-Berth-Replica-Secret";
  private static final Logger LOG = Logger.getLogger(Replicas.class);

  @Inject DataSource database;
  @Inject ValueRegistry values;
  @ConfigProperty(name = "berth.replica") String name;
  @ConfigProperty(name = "berth.replica.address") Optional<String> configuredAddress;
  @ConfigProperty(name = "berth.tls", defaultValue = "on") String tlsMode;
  private volatile String secret;
  private volatile int listeningPort;
  private volatile String recorded;

  /** This replica's name. */
  public String name() {
    return name;
  }

  // With TLS on the replicas call each other over HTTPS (tests serve plain HTTP beside it).
  void onHttpStart(@ObservesAsync HttpServerStart start) {
    if (!tls()) {
      listeningPort = start.options().getPort();
      record();
    }
  }

  void onHttpsStart(@ObservesAsync HttpsServerStart start) {
    if (tls()) {
      listeningPort = start.options().getPort();
      record();
    }
  }

  private boolean tls() {
    return !"off".equals(tlsMode.trim());
  }

  // An upsert each time: the row stays fresh, and comes back if someone deleted it.
  @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void record() {
    if (listeningPort != 0) {
      String address = address();
      update("""
          insert into replica (name, internal_url) values (?, ?)
          on conflict (name) do update set internal_url = excluded.internal_url, seen_at = now()""",
          name, address);
      if (!address.equals(recorded)) {
        recorded = address;
        LOG.infof("replica %s reachable by the others at %s", name, address);
      }
    }
  }

  private String address() {
    // The bound port (a random one in tests), as Quarkus registers it once the server listens;
    // the host name is one the generated server certificate names.
    int port = values.getOrDefault(tls() ? HttpServer.HTTPS_PORT : HttpServer.HTTP_PORT, listeningPort);
    return configuredAddress.filter(a -> !a.isBlank()).map(a -> a.replaceFirst("/+$", ""))
        .orElseGet(() -> (tls() ? "https://" : "http://") + ServerCertificate.hostName() + ":" + port);
  }

  /**
   * The address of the other replica holding the link of the host named {@code hostName}, if one
   * does. Blocking: call it from a worker thread.
   */
  public Optional<String> holderOf(String hostName) {
    return queryString("""
        select r.internal_url from host h join replica r on r.name = h.link_replica
        where h.name = ? and h.online and h.link_replica <> ?""", hostName, name);
  }

  /** The secret every replica shares. Blocking the first time. */
  public String secret() {
    if (secret == null) {
      secret = queryString("select secret from replica_secret").orElseThrow();
    }
    return secret;
  }

  /** Whether {@code presented} is the shared secret (compared in constant time). */
  public boolean isSecret(String presented) {
    return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        secret().getBytes(StandardCharsets.UTF_8));
  }

  private Optional<String> queryString(String sql, String... parameters) {
    try (Connection connection = database.getConnection();
         PreparedStatement statement = prepare(connection, sql, parameters);
         ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the replicas: " + e.getMessage(), e);
    }
  }

  private void update(String sql, String... parameters) {
    try (Connection connection = database.getConnection();
         PreparedStatement statement = prepare(connection, sql, parameters)) {
      statement.executeUpdate();
    } catch (SQLException e) {
      LOG.warnf("cannot record replica %s: %s", name, e.getMessage());
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, String... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setString(i + 1, parameters[i]);
    }
    return statement;
  }
}
