package dev.berth.control.replica;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Job changes routed between replicas through PostgreSQL {@code LISTEN/NOTIFY}: a replica that
 * commits a job for a host whose agent is not linked to it announces the job id on the
 * {@code berth_jobs} channel, and every replica hears it ({@link JobNotice}); the one holding the
 * link sends the job. The listening connection is its own (not the pool's), and after losing it
 * the replica asks for a resync, since notices sent meanwhile are gone; agents also get every
 * pending job again when they connect.
 */
@ApplicationScoped
public class JobChannel {
  static final String CHANNEL = "berth_jobs";
  private static final Logger LOG = Logger.getLogger(JobChannel.class);
  private static final int POLL_MILLIS = 2_000;

  @Inject DataSource database;
  @Inject Event<JobNotice> notices;
  @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url;
  @ConfigProperty(name = "quarkus.datasource.username") String user;
  @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "") String password;
  private final ExecutorService senders = Executors.newSingleThreadExecutor(daemon("job-notify"));
  private volatile boolean running = true;

  /** Tells the other replicas that job {@code jobId} of {@code hostId} is now {@code state}. */
  public void announce(UUID jobId, UUID hostId, String state) {
    String payload = new JobNotice(jobId, hostId, state).payload();
    // Off the caller's thread: it may be finishing a transaction, and the pool would enlist.
    senders.execute(() -> {
      try (Connection connection = database.getConnection();
           PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
        notify.setString(1, CHANNEL);
        notify.setString(2, payload);
        notify.execute();
      } catch (SQLException e) {
        LOG.warnf("cannot announce job %s to the other replicas (sent when its agent reconnects): %s",
            jobId, e.getMessage());
      }
    });
  }

  void onStart(@Observes StartupEvent event) {
    Thread listener = daemon("job-listen").newThread(this::listen);
    listener.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    senders.shutdown();
  }

  private void listen() {
    boolean first = true;
    while (running) {
      try (Connection connection = DriverManager.getConnection(url, user, password)) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        if (!first) {
          notices.fire(JobNotice.RESYNC);
        }
        first = false;
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] received = pg.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              deliver(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warnf("lost the job channel to PostgreSQL, listening again shortly: %s", e.getMessage());
          pause();
        }
      }
    }
  }

  private void deliver(String payload) {
    try {
      notices.fire(JobNotice.parse(payload));
    } catch (RuntimeException e) {
      LOG.warnf("cannot act on job notice %s: %s", payload, e.getMessage());
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, "berth-" + name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
