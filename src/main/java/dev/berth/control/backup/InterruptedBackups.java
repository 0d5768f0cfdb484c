package dev.berth.control.backup;

import dev.berth.control.job.Job;
import dev.berth.control.job.JobService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At start, fails the backups this replica was streaming when it stopped (restarted, killed,
 * crashed): their runner threads died with it, and their jobs would otherwise stay "running" until
 * their deadline. Each fails as any failed backup does: what was stored of its archive is deleted,
 * the job fails with a clear error and {@link BackupFinished} is announced (a schedule records the
 * failure). Other replicas' backups are theirs to finish.
 */
@ApplicationScoped
public class InterruptedBackups {
  /** The error of a backup whose replica restarted while it ran. */
  static final String ERROR = "the control plane restarted while the backup ran";

  @Inject JobService jobs;
  @Inject BackupService backups;
  @ConfigProperty(name = "berth.replica") String replica;

  void onStart(@Observes StartupEvent event) {
    failAll();
  }

  /** Fails this replica's unfinished backups; returns how many. */
  int failAll() {
    List<Job> interrupted = jobs.unfinishedRunBy(BackupService.KIND, replica);
    interrupted.forEach(job -> backups.abandon(job, ERROR));
    return interrupted.size();
  }
}
