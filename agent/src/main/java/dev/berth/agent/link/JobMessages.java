package dev.berth.agent.link;

import dev.berth.agent.job.JobListener;
import dev.berth.agent.job.JobOutcome;
import dev.berth.agent.job.JobRequest;
import dev.berth.agent.job.JobRunner;
import dev.berth.link.Link;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.JobCancel;
import dev.berth.link.message.JobDispatch;
import dev.berth.link.message.JobFinished;
import dev.berth.link.message.JobProgress;
import java.util.function.Supplier;

/**
 * Jobs between the link and the {@link JobRunner}: dispatches become runs, and runs report back
 * over whichever link is current when they progress or finish. A report lost with a dropped
 * link is not lost for good: the control plane sends unfinished jobs again after the reconnect,
 * and the runner answers a finished one from its ledger.
 */
final class JobMessages implements Link.ControlHandler {
  private final JobRunner jobs;
  private final Supplier<Link> currentLink;

  JobMessages(JobRunner jobs, Supplier<Link> currentLink) {
    this.jobs = jobs;
    this.currentLink = currentLink;
  }

  @Override
  public void onMessage(ControlMessage message) {
    if (message instanceof JobDispatch dispatch) {
      jobs.submit(new JobRequest(dispatch.id(), dispatch.kind(), dispatch.params()), listener(dispatch.id()));
    } else if (message instanceof JobCancel cancel) {
      jobs.cancel(cancel.id());
    }
  }

  private JobListener listener(String jobId) {
    return new JobListener() {
      @Override
      public void progress(String message, Integer percent) {
        send(new JobProgress(jobId, message, percent));
      }

      @Override
      public void finished(JobOutcome outcome) {
        send(new JobFinished(jobId, outcome.state(), outcome.result(), outcome.error()));
      }
    };
  }

  private void send(ControlMessage message) {
    Link link = currentLink.get();
    if (link != null) {
      link.send(message);
    }
  }
}
