package dev.berth.link.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Agent → control plane, first message after connecting: who it is and what it is doing. */
public record Hello(String agentVersion, JsonNode facts, List<String> runningJobs) implements ControlMessage {}
