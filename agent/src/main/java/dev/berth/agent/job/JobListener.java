package dev.berth.agent.job;

/** Hears how a job goes; usually the link, which forwards it to the control plane. */
public interface JobListener {

  /** The job reports progress; {@code percent} is 0–100 or null when unknown. */
  void progress(String message, Integer percent);

  /** The job ended; called once per submit, after the outcome is durably recorded. */
  void finished(JobOutcome outcome);
}
