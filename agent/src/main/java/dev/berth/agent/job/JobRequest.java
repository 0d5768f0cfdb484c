package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job the control plane asks this agent to run.
 *
 * @param id the job's UUID, assigned by the control plane and used to de-duplicate re-sent jobs
 * @param kind which handler runs it, e.g. {@code sleep} or {@code host.facts}
 * @param params the handler's input, any JSON (may be null)
 */
public record JobRequest(String id, String kind, JsonNode params) {}
