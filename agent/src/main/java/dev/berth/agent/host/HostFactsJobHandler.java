package dev.berth.agent.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.job.JobHandler;

/** The {@code host.facts} job: answers with this host's current {@link HostFacts}. */
public final class HostFactsJobHandler implements JobHandler {

  /** The job kind this handler serves. */
  public static final String KIND = "host.facts";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HostFactsCollector collector;

  /** Returns a handler reading facts with {@code collector}. */
  public HostFactsJobHandler(HostFactsCollector collector) {
    this.collector = collector;
  }

  @Override
  public JsonNode run(JobContext context) {
    return JSON.valueToTree(collector.collect());
  }
}
