package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Managing people: create, change role, disable, delete, passwords, host grants. Used alike by
 * {@code /api/v1/users} and the dashboard; each method validates everything before it changes
 * anything. There is always at least one enabled admin.
 */
@ApplicationScoped
public class Users {
  /** Usernames: lower-case letters, digits, {@code . _ -}, starting with a letter, 2 to 32 long. */
  public static final String USERNAME_PATTERN = "[a-z][a-z0-9._-]{1,31}";
  /** The shortest password accepted. */
  public static final int SHORTEST_PASSWORD = 10;
  private static final int LONGEST_PASSWORD = 1024;

  @Inject Sessions sessions;

  /** A new user; someone else chose the password, so by default it must be changed at first login. */
  @Transactional
  public User create(String username, String password, String role, Boolean mustChangePassword) {
    if (username == null || !username.matches(USERNAME_PATTERN)) {
      throw ApiProblem.badRequest("invalid username " + (username == null ? "(none)" : "\"" + username + "\"")
          + ": 2 to 32 of a-z 0-9 . _ -, starting with a letter");
    }
    checkPassword(password);
    Role parsed = Role.of(role);
    if (User.findByUsername(username).isPresent()) {
      throw ApiProblem.conflict("user " + username + " already exists");
    }
    User user = new User();
    user.id = UUID.randomUUID();
    user.username = username;
    user.passwordHash = PasswordHasher.hash(password);
    user.role = parsed.wireName();
    user.createdAt = Instant.now();
    user.mustChangePassword = mustChangePassword == null || mustChangePassword;
    user.persist();
    return user;
  }

  /** The user with this name, or 404. */
  public static User named(String username) {
    return User.findByUsername(username).orElseThrow(() -> ApiProblem.notFound("no such user: " + username));
  }

  /** Changes role and/or the disabled flag (null: unchanged); ends the user's sessions when either changes. */
  @Transactional
  public User update(String username, String role, Boolean disabled) {
    User user = named(username);
    Role newRole = role == null ? user.role() : Role.of(role);
    boolean newDisabled = disabled == null ? user.disabled : disabled;
    if (user.role() == Role.ADMIN && !user.disabled && (newRole != Role.ADMIN || newDisabled)) {
      requireAnotherAdmin(user);
    }
    boolean changed = newRole != user.role() || newDisabled != user.disabled;
    user.role = newRole.wireName();
    user.disabled = newDisabled;
    if (changed) {
      sessions.endAll(user.id, null);
    }
    return user;
  }

  /** Deletes a user with their tokens, sessions and grants; never the last admin. */
  @Transactional
  public void delete(String username) {
    User user = named(username);
    if (user.role() == Role.ADMIN && !user.disabled) {
      requireAnotherAdmin(user);
    }
    ApiToken.delete("user", user);
    WebSession.delete("user", user);
    HostGrant.delete("user", user);
    user.delete();
  }

  /**
   * Changes one's own password: the current one must be given. Other sessions of the user end;
   * {@code keptSession} (the caller's, if any) stays.
   */
  public void changeOwn(UUID userId, String current, String next, String keptSession) {
    String username = QuarkusTransaction.requiringNew().call(() -> {
      User user = User.findById(userId);
      return user.username;
    });
    checkPassword(next);
    if (sessions.check(username, current).isEmpty()) {
      throw ApiProblem.badRequest("the current password is wrong");
    }
    if (current.equals(next)) {
      throw ApiProblem.badRequest("the new password must differ from the current one");
    }
    QuarkusTransaction.requiringNew().run(() -> setPassword(User.findById(userId), next, false));
    sessions.endAll(userId, keptSession);
  }

  /** An admin sets someone's password; they must change it at their next login, and their sessions end. */
  @Transactional
  public void reset(String username, String next) {
    checkPassword(next);
    User user = named(username);
    setPassword(user, next, true);
    sessions.endAll(user.id, null);
  }

  /** Replaces the user's host grants: host names and {@code key=value} labels. */
  @Transactional
  public User grant(String username, List<String> hosts, List<String> labels) {
    User user = named(username);
    List<String> hostNames = hosts == null ? List.of() : hosts;
    List<String> hostLabels = labels == null ? List.of() : labels;
    hostNames.forEach(name -> {
      if (name == null || !name.matches(Host.NAME_PATTERN)) {
        throw ApiProblem.badRequest("invalid host name in grants: " + name);
      }
    });
    hostLabels.forEach(label -> {
      if (label == null || label.isBlank() || label.startsWith("=")) {
        throw ApiProblem.badRequest("invalid label in grants (key or key=value): " + label);
      }
    });
    HostGrant.delete("user", user);
    hostNames.forEach(name -> newGrant(user, name, null));
    hostLabels.forEach(label -> newGrant(user, null, label));
    return user;
  }

  private static void newGrant(User user, String hostName, String hostLabel) {
    HostGrant grant = new HostGrant();
    grant.id = UUID.randomUUID();
    grant.user = user;
    grant.hostName = hostName;
    grant.hostLabel = hostLabel;
    grant.createdAt = Instant.now();
    grant.persist();
  }

  private static void setPassword(User user, String password, boolean mustChange) {
    user.passwordHash = PasswordHasher.hash(password);
    user.mustChangePassword = mustChange;
    user.passwordChangedAt = Instant.now();
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < SHORTEST_PASSWORD || password.length() > LONGEST_PASSWORD) {
      throw ApiProblem.badRequest("a password needs " + SHORTEST_PASSWORD + " to " + LONGEST_PASSWORD + " characters");
    }
  }

  private static void requireAnotherAdmin(User user) {
    long others = User.count("role = 'admin' and disabled = false and id <> ?1", user.id);
    if (others == 0) {
      throw ApiProblem.conflict(user.username + " is the last admin: make another admin first");
    }
  }
}
