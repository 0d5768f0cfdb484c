package dev.berth.link.message;

import com.fasterxml.jackson.databind.JsonNode;

/** Control plane → agent: run this job. Sent again after a reconnect; the agent runs each id once. */
public record JobDispatch(String id, String kind, JsonNode params) implements ControlMessage {}
