package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code echo} job: answers with its own parameters. For checking the link end to end. */
public final class EchoJobHandler implements JobHandler {

  /** The job kind this handler serves. */
  public static final String KIND = "echo";

  @Override
  public JsonNode run(JobContext context) {
    return context.params().isMissingNode() ? null : context.params();
  }
}
