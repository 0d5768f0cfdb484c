package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import java.util.Locale;

/** What a person (or a token) may do, each role including the ones below it. */
public enum Role {
  /** Reads everything, changes nothing. */
  VIEWER,
  /** Manages containers, images, volumes, networks and jobs on the hosts granted. */
  OPERATOR,
  /** Everything, including users, tokens, enrollment and the audit trail. */
  ADMIN;

  /** The role with this wire name ({@code admin}, {@code operator}, {@code viewer}). */
  public static Role of(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiProblem.badRequest("unknown role: " + name + " (admin, operator or viewer)");
    }
  }

  /** The name used in the API, the database and security identities. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role includes {@code other}. */
  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** This role, lowered to {@code ceiling} when it is higher. */
  public Role cappedBy(Role ceiling) {
    return includes(ceiling) ? ceiling : this;
  }
}
