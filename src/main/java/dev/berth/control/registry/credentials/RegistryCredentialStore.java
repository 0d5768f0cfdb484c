package dev.berth.control.registry.credentials;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Credentials for external registries kept by the control plane, per host or fleet-wide: checked
 * and stored here (secrets sealed by {@link SecretBox}), listed without their secrets, and opened
 * only to hand them to an agent that pulls from or pushes to their registry
 * ({@link AgentRegistryCredentialResource}). A host's own credentials come before the fleet's.
 */
@ApplicationScoped
public class RegistryCredentialStore {
  private static final Pattern REGISTRY = Pattern.compile(
      "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?");
  private static final int MAX_FIELD = 4096;

  @Inject SecretBox box;

  /** A username and password (or token) for a registry. */
  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[username=" + username + ", password=***]";
    }
  }

  /** Every stored credential, by registry then host (fleet-wide first), secrets left out. */
  @Transactional
  public List<RegistryCredentialView> list() {
    return RegistryCredential.<RegistryCredential>listAll().stream()
        .sorted(java.util.Comparator.comparing((RegistryCredential c) -> c.registry)
            .thenComparing(c -> c.host == null ? "" : c.host.name))
        .map(RegistryCredentialView::of).toList();
  }

  /** One stored credential, secret left out. */
  @Transactional
  public RegistryCredentialView get(UUID id) {
    return RegistryCredentialView.of(find(id));
  }

  /** Stores credentials for {@code registry}, for the host named {@code hostName} or (null) every host. */
  @Transactional
  public RegistryCredentialView create(String registry, String hostName, String username, String password) {
    String name = normalize(registry);
    Host host = hostName == null || hostName.isBlank() ? null : Host.findByRef(hostName)
        .orElseThrow(() -> ApiProblem.badRequest("no such host: " + hostName));
    check("username", username);
    check("password", password);
    boolean taken = (host == null
        ? RegistryCredential.find("registry = ?1 and host is null", name)
        : RegistryCredential.find("registry = ?1 and host = ?2", name, host)).count() > 0;
    if (taken) {
      throw ApiProblem.conflict("credentials for " + name + (host == null ? " (fleet-wide)" : " on host " + host.name)
          + " are stored already: change or delete them");
    }
    RegistryCredential credential = new RegistryCredential();
    credential.id = UUID.randomUUID();
    credential.registry = name;
    credential.host = host;
    credential.username = username;
    credential.secret = box.seal(credential.id.toString(), password);
    credential.createdAt = credential.updatedAt = Instant.now();
    credential.persist();
    return RegistryCredentialView.of(credential);
  }

  /** Changes the username and/or password (null: unchanged). */
  @Transactional
  public RegistryCredentialView update(UUID id, String username, String password) {
    RegistryCredential credential = find(id);
    if (username == null && password == null) {
      throw ApiProblem.badRequest("nothing to change: give a username, a password or both");
    }
    if (username != null) {
      check("username", username);
    }
    if (password != null) {
      check("password", password);
    }
    if (username != null) {
      credential.username = username;
    }
    if (password != null) {
      credential.secret = box.seal(credential.id.toString(), password);
    }
    credential.updatedAt = Instant.now();
    return RegistryCredentialView.of(credential);
  }

  /** Deletes stored credentials. */
  @Transactional
  public void delete(UUID id) {
    find(id).delete();
  }

  /** The credentials the host {@code hostId} uses for {@code registry}: its own, else the fleet's. */
  @Transactional
  public Optional<Login> forHost(UUID hostId, String registry) {
    String name;
    try {
      name = normalize(registry);
    } catch (ApiProblem invalid) {
      return Optional.empty();
    }
    Optional<RegistryCredential> own = RegistryCredential.find("registry = ?1 and host.id = ?2", name, hostId)
        .firstResultOptional();
    Optional<RegistryCredential> chosen = own.isPresent() ? own
        : RegistryCredential.find("registry = ?1 and host is null", name).firstResultOptional();
    return chosen.map(c -> new Login(c.username, box.open(c.id.toString(), c.secret)));
  }

  /**
   * A registry as image references name it: {@code host[:port]} in lower case, without scheme or
   * path; Docker Hub's other names ({@code index.docker.io}, {@code registry-1.docker.io}, the CLI's
   * {@code https://index.docker.io/v1/}) are {@code docker.io}.
   */
  public static String normalize(String registry) {
    if (registry == null || registry.isBlank()) {
      throw ApiProblem.badRequest("registry is required, e.g. registry.example.com:5000");
    }
    String name = registry.trim().toLowerCase(java.util.Locale.ROOT).replaceFirst("^https?://", "");
    int slash = name.indexOf('/');
    name = slash < 0 ? name : name.substring(0, slash);
    if (name.equals("index.docker.io") || name.equals("registry-1.docker.io")) {
      name = "docker.io";
    }
    if (name.length() > 255 || !REGISTRY.matcher(name).matches()) {
      throw ApiProblem.badRequest("invalid registry: " + registry + " (expected host[:port], e.g. registry.example.com:5000)");
    }
    return name;
  }

  private static RegistryCredential find(UUID id) {
    return RegistryCredential.<RegistryCredential>findByIdOptional(id)
        .orElseThrow(() -> ApiProblem.notFound("no such registry credential: " + id));
  }

  private static void check(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw ApiProblem.badRequest(field + " is required");
    }
    if (value.length() > MAX_FIELD || value.chars().anyMatch(Character::isISOControl)) {
      throw ApiProblem.badRequest(field + " must be at most " + MAX_FIELD + " characters without control characters");
    }
  }
}
