package dev.berth.control.job;

import dev.berth.control.fleet.AgentConnected;
import dev.berth.control.fleet.AgentReport;
import dev.berth.control.fleet.AgentSession;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.link.message.JobCancel;
import dev.berth.link.message.JobDispatch;
import dev.berth.link.message.JobFinished;
import dev.berth.link.message.JobProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Moves jobs between PostgreSQL and the agents: a committed new job goes to its agent at once if
 * it is connected here, and every unfinished job of a host goes (again) when its agent connects;
 * the agent's ledger makes the repeats harmless. Agents' reports come back through here too.
 */
@ApplicationScoped
public class JobDispatcher {
  @Inject AgentSessions sessions;
  @Inject JobService jobs;

  /** Kinds of jobs the control plane runs itself (e.g. a backup it streams from the agent): never sent to agents. */
  public static final String CONTROL_PLANE_KINDS = "control.";

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
    if (change.kind().startsWith(CONTROL_PLANE_KINDS)) {
      return;
    }
    sessions.find(change.hostId()).ifPresent(session -> {
      switch (change.state()) {
        case QUEUED -> session.send(new JobDispatch(change.jobId().toString(), change.kind(), change.params()));
        case CANCELLED, TIMED_OUT -> session.send(new JobCancel(change.jobId().toString()));
        default -> { }
      }
    });
  }

  void onConnect(@Observes AgentConnected connected) {
    AgentSession session = connected.session();
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
