package dev.berth.link.message;

import com.fasterxml.jackson.databind.JsonNode;

/** Agent → control plane: a job ended; {@code state} is succeeded, failed or cancelled. */
public record JobFinished(String id, String state, JsonNode result, String error) implements ControlMessage {}
