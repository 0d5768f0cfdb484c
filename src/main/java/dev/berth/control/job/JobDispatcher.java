package dev.berth.control.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.fleet.AgentConnected;
import dev.berth.control.fleet.AgentReport;
import dev.berth.control.fleet.AgentSession;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.control.replica.JobChannel;
import dev.berth.control.replica.JobNotice;
import dev.berth.link.message.JobCancel;
import dev.berth.link.message.JobDispatch;
import dev.berth.link.message.JobFinished;
import dev.berth.link.message.JobProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Moves jobs between PostgreSQL and the agents: a committed new job goes to its agent at once if
 * it is connected here, and every unfinished job of a host goes (again) when its agent connects;
 * the agent's ledger makes the repeats harmless. A job for an agent linked to another replica is
 * announced to it through PostgreSQL ({@link JobChannel}). Agents' reports come back through here too.
 */
@ApplicationScoped
public class JobDispatcher {
  @Inject AgentSessions sessions;
  @Inject JobService jobs;
  @Inject JobChannel channel;

  /** Kinds of jobs the control plane runs itself (e.g. a backup it streams from the agent): never sent to agents. */
  public static final String CONTROL_PLANE_KINDS = "control.";
  // The changes an agent hears of; the others it reports itself.
  private static final Set<JobState> ROUTED = EnumSet.of(JobState.QUEUED, JobState.CANCELLED, JobState.TIMED_OUT);

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
    if (change.kind().startsWith(CONTROL_PLANE_KINDS) || !ROUTED.contains(change.state())) {
      return;
    }
    sessions.find(change.hostId()).ifPresentOrElse(
        session -> deliver(session, change.jobId(), change.state(), change.kind(), change.params()),
        () -> channel.announce(change.jobId(), change.hostId(), change.state().wireName()));
  }

  /** Another replica changed a job: deliver it if its host's agent is linked here. */
  void onNotice(@Observes JobNotice notice) {
    if (notice.isResync()) {
      sessions.connectedHosts().forEach(host -> sessions.find(host).ifPresent(this::sendPending));
      return;
    }
    sessions.find(notice.hostId()).ifPresent(session -> jobs.find(notice.jobId())
        .filter(job -> job.state.wireName().equals(notice.state()))
        .ifPresent(job -> deliver(session, job.id, job.state, job.kind, job.params)));
  }

  private static void deliver(AgentSession session, UUID jobId, JobState state, String kind, JsonNode params) {
    switch (state) {
      case QUEUED -> session.send(new JobDispatch(jobId.toString(), kind, params));
      case CANCELLED, TIMED_OUT -> session.send(new JobCancel(jobId.toString()));
      default -> { }
    }
  }

  void onConnect(@Observes AgentConnected connected) {
    sendPending(connected.session());
  }

  private void sendPending(AgentSession session) {
    for (Job job : jobs.pendingFor(session.hostId())) {
      if (job.kind.startsWith(CONTROL_PLANE_KINDS)) {
        continue;
      }
      session.send(new JobDispatch(job.id.toString(), job.kind, job.params));
    }
  }

  void onReport(@Observes AgentReport report) {
    if (report.message() instanceof JobProgress progress) {
      jobs.progress(report.session().hostId(), progress);
    } else if (report.message() instanceof JobFinished finished) {
      jobs.finished(report.session().hostId(), finished);
    }
  }
}
