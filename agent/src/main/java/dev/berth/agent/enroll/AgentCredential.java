package dev.berth.agent.enroll;

import java.util.Objects;

/** What the control plane issued at enrollment: this host's id, its name and its secret. */
public record AgentCredential(String hostId, String name, String credential) {

  /** Rejects missing fields, so a half-written or foreign file is noticed at once. */
  public AgentCredential {
    requireText(hostId, "hostId");
    requireText(name, "name");
    requireText(credential, "credential");
  }

  /** Keeps the secret out of logs. */
  @Override
  public String toString() {
    return "AgentCredential[hostId=" + hostId + ", name=" + name + ", credential=***]";
  }

  private static void requireText(String value, String field) {
    if (Objects.requireNonNullElse(value, "").isBlank()) {
      throw new IllegalArgumentException("credential field '" + field + "' is missing");
    }
  }
}
