package dev.berth.control.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides who may do what, for every interface: {@code /api/v1} and the
 * dashboard (through {@code AccessFilter}) and the Docker API tunnel. It reads only the identity
 * (role, host grants, session facts), never the database, so it can run on the event loop.
 *
 * <ul>
 *   <li>a session whose user must change a password someone else set may only do that (and sign out);
 *   <li>users, the audit trail, stored registry credentials, enrollment tokens, host removal and settings,
 *       host labels (operators may be granted hosts by label) and registry garbage collection: admin;
 *   <li>one's own password and API tokens: anyone signed in;
 *   <li>reads: anyone, except reading files inside containers or volumes (export, {@code docker cp}, backups): operator;
 *       an operator with host grants reads only the hosts granted (403 on any other, lists show only those);
 *   <li>every other change: operator, on a host the operator is granted;
 *   <li>changes through a dashboard session carry the session's CSRF token and are not cross-site;
 *   <li>containers that reach into the host ({@link ContainerPrivileges}: {@code --privileged}, {@code --cap-add},
 *       host namespaces, binds of sensitive paths…): admin; binds outside the host's allowed prefixes: admin.
 * </ul>
 */
@ApplicationScoped
public class Authorization {
  /** Identity attribute: the names of the hosts an operator may manage; absent means all. */
  public static final String MANAGED_HOSTS = "managedHosts";

  private static final List<Pattern> ADMIN_ONLY = List.of(
      Pattern.compile("^/api/v1/(users|audit|registry-credentials)(/.*)?$"),
      Pattern.compile("^/(users|audit|registry/credentials)(/.*)?$"));
  private static final List<Pattern> ADMIN_CHANGES = List.of(
      Pattern.compile("^/api/v1/enrollment-tokens(/.*)?$"),
      Pattern.compile("^/hosts/join-token$"), // the dashboard's way to a join token
      Pattern.compile("^/api/v1/hosts/[^/]+$"),
      Pattern.compile("^/api/v1/hosts/[^/]+/labels(/.*)?$"), // labels grant hosts to operators (grants by label)
      Pattern.compile("^/(api/v1/)?registry/gc$"));
  private static final List<Pattern> OWN = List.of(
      Pattern.compile("^/api/v1/(tokens|account)(/.*)?$"),
      Pattern.compile("^/account(/.*)?$"),
      Pattern.compile("^/logout$"));
  private static final Set<String> PASSWORD_CHANGE = Set.of("/account/password", "/logout", "/login");
  // Reads that hand out files inside containers or volumes (export, docker cp, a volume's backup
  // archive through the tunnel): they may hold secrets, so not for viewers.
  private static final Pattern CONTAINER_FILES = Pattern.compile(
      "^/docker/[^/]+(/v[0-9.]+)?/(containers/[^/]+/(export|archive)|berth/volumes/[^/]+/backup)$");

  /** A refused request: the HTTP status and why. */
  public record Refusal(int status, String message) {}

  /** The role of a person's identity (agents and anonymous callers have none). */
  public static Optional<Role> roleOf(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      return Optional.empty();
    }
    for (Role role : List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER)) {
      if (identity.hasRole(role.wireName())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** Why this identity may not make this request, or empty when it may. */
  public Optional<Refusal> refusal(SecurityIdentity identity, AccessRequest request) {
    Optional<Role> role = roleOf(identity);
    if (role.isEmpty()) {
      return Optional.empty(); // agents and open paths: the HTTP permissions decide
    }
    if (Boolean.TRUE.equals(identity.getAttribute(Identities.MUST_CHANGE_PASSWORD))
        && !PASSWORD_CHANGE.contains(request.path())) {
      return refused(403, "change your password first (the one you were given was set by someone else)");
    }
    if (!request.reads()) {
      String csrf = Csrf.refusal(identity, request.csrfToken(), request.fetchSite());
      if (csrf != null) {
        return refused(403, csrf);
      }
    }
    String path = request.path();
    if (matches(ADMIN_ONLY, path) || (!request.reads() && matches(ADMIN_CHANGES, path))) {
      return role.get() == Role.ADMIN ? Optional.empty() : refused(403, "only admins may do this");
    }
    if (matches(OWN, path)) {
      return Optional.empty();
    }
    if (request.reads() && request.host() != null && !mayRead(identity, request.host())) {
      return refused(403, "permission denied: " + identity.getPrincipal().getName()
          + " is not granted host " + request.host());
    }
    if (request.reads() && !CONTAINER_FILES.matcher(path).matches()) {
      return Optional.empty();
    }
    if (!role.get().includes(Role.OPERATOR)) {
      return refused(403, "permission denied: the viewer role is read-only and does not read files inside containers");
    }
    if (request.host() != null && !mayManage(identity, request.host())) {
      return refused(403, "permission denied: " + identity.getPrincipal().getName()
          + " is not granted host " + request.host());
    }
    return Optional.empty();
  }

  /**
   * Why this identity may not create a container (or exec) asking for {@code privileges} on a host whose binds
   * are limited to {@code allowedBindPrefixes} (null: not limited), or empty when it may.
   */
  public Optional<Refusal> containerRefusal(SecurityIdentity identity, ContainerPrivileges privileges,
                                            List<String> allowedBindPrefixes) {
    if (roleOf(identity).orElse(Role.VIEWER) == Role.ADMIN) {
      return Optional.empty();
    }
    if (!privileges.sensitive().isEmpty()) {
      return refused(403, "permission denied: only admins may use " + String.join(", ", privileges.sensitive()));
    }
    List<String> outside = allowedBindPrefixes == null ? List.of() : privileges.bindsOutside(allowedBindPrefixes);
    if (!outside.isEmpty()) {
      return refused(403, "permission denied: bind mount of " + String.join(", ", outside)
          + " is outside the host's allowed bind prefixes (" + String.join(", ", allowedBindPrefixes) + ")");
    }
    return Optional.empty();
  }

  /** Whether the identity may change things on this host. */
  public static boolean mayManage(SecurityIdentity identity, String host) {
    Optional<Role> role = roleOf(identity);
    if (role.isEmpty() || !role.get().includes(Role.OPERATOR)) {
      return false;
    }
    Set<String> granted = identity.getAttribute(MANAGED_HOSTS);
    return role.get() == Role.ADMIN || granted == null || granted.contains(host);
  }

  /**
   * Whether the identity may read this host: admins and viewers read every host, operators the
   * hosts they are granted (all when they have no grants).
   */
  public static boolean mayRead(SecurityIdentity identity, String host) {
    Optional<Role> role = roleOf(identity);
    if (role.isEmpty() || role.get() != Role.OPERATOR) {
      return true; // agents, anonymous callers and open paths: the HTTP permissions decide
    }
    Set<String> granted = identity.getAttribute(MANAGED_HOSTS);
    return granted == null || granted.contains(host);
  }

  /** The items of {@code list} on hosts the identity may read ({@code host} names an item's host). */
  public static <T> List<T> readable(SecurityIdentity identity, List<T> list, java.util.function.Function<T, String> host) {
    return list.stream().filter(item -> mayRead(identity, host.apply(item))).toList();
  }

  private static boolean matches(List<Pattern> patterns, String path) {
    return patterns.stream().anyMatch(p -> p.matcher(path).matches());
  }

  private static Optional<Refusal> refused(int status, String message) {
    return Optional.of(new Refusal(status, message));
  }
}
