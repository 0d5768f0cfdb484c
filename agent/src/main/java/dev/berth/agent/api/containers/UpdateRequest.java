package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.runtime.ResourceUpdate;
import dev.berth.agent.runtime.RestartPolicy;
import java.util.List;

/**
 * The body of {@code POST /containers/{id}/update}: Docker's UpdateConfig (the HostConfig's
 * Resources plus RestartPolicy), read into a {@link ResourceUpdate}. Resources Berth does not
 * limit yet are refused when set, rather than silently ignored.
 */
final class UpdateRequest {
  private static final List<String> UNSUPPORTED = List.of("BlkioWeight", "CpusetCpus", "CpusetMems",
      "MemoryReservation", "KernelMemory", "KernelMemoryTCP", "CpuRealtimePeriod", "CpuRealtimeRuntime",
      "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth");

  private UpdateRequest() {}

  /** The update {@code body} asks for. */
  static ResourceUpdate of(JsonNode body) {
    for (String field : UNSUPPORTED) {
      JsonNode value = body.path(field);
      boolean set = value.isNumber() ? value.asLong() != 0 : value.isTextual() ? !value.asText().isEmpty()
          : !value.isMissingNode() && !value.isNull() && !value.isEmpty();
      if (set) {
        throw new IllegalArgumentException(field + " cannot be updated: Berth does not support it yet");
      }
    }
    JsonNode policy = body.path("RestartPolicy");
    String policyName = policy.path("Name").asText("");
    return new ResourceUpdate(body.path("Memory").asLong(), body.path("MemorySwap").asLong(),
        body.path("NanoCpus").asLong(), body.path("CpuShares").asLong(), body.path("CpuQuota").asLong(),
        body.path("CpuPeriod").asLong(), body.hasNonNull("PidsLimit") ? body.get("PidsLimit").asLong() : null,
        policyName.isEmpty() ? null : new RestartPolicy(policyName, policy.path("MaximumRetryCount").asInt()));
  }
}
