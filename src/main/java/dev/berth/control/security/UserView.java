package dev.berth.control.security;

import java.time.Instant;
import java.util.List;

/** A user as {@code /api/v1/users} shows it (never the password hash). */
public record UserView(String username, String role, boolean disabled, boolean mustChangePassword,
                       Instant createdAt, Instant passwordChangedAt, Grants grants) {
  /** The hosts an operator is limited to; both empty: every host. */
  public record Grants(List<String> hosts, List<String> labels) {}

  /** The view of a user. */
  public static UserView of(User user) {
    List<HostGrant> grants = HostGrant.list("user", user);
    return new UserView(user.username, user.role, user.disabled, user.mustChangePassword, user.createdAt,
        user.passwordChangedAt, new Grants(
            grants.stream().filter(g -> g.hostName != null).map(g -> g.hostName).sorted().toList(),
            grants.stream().filter(g -> g.hostLabel != null).map(g -> g.hostLabel).sorted().toList()));
  }
}
