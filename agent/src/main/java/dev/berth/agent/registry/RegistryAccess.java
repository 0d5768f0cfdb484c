package dev.berth.agent.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes registry clients for pulls, pushes and logins: with the credentials the CLI sent, or, for
 * the control plane's own registry, with this agent's credential (the control plane authorised
 * the person behind the request before it reached the agent), or, for any other registry, with
 * the credentials the control plane stores for it ({@link StoredCredentials}), if any. The control
 * plane's registry is reached with the control plane's scheme and the agent's TLS (trusting the
 * pinned Berth CA); other registries over HTTPS unless {@link InsecureRegistries} lists them.
 */
public final class RegistryAccess {
  private final URI controlPlane;
  private final String controlPlaneDomain;
  private final Supplier<Optional<String>> agentCredential;
  private final Supplier<HttpClient> controlPlaneHttp;
  private final StoredCredentials stored;
  private final InsecureRegistries insecure;

  /** Access where {@code controlPlane}'s registry is reached with {@code agentCredential}. */
  public RegistryAccess(URI controlPlane, Supplier<Optional<String>> agentCredential) {
    this(controlPlane, agentCredential, () -> RegistryClient.configure(HttpClient.newBuilder()).build());
  }

  /** As above, sending to the control plane through {@code controlPlaneHttp}. */
  public RegistryAccess(URI controlPlane, Supplier<Optional<String>> agentCredential,
      Supplier<HttpClient> controlPlaneHttp) {
    this(controlPlane, agentCredential, controlPlaneHttp, InsecureRegistries.LOOPBACK_ONLY);
  }

  /** As above, speaking plain HTTP to the {@code insecure} registries. */
  public RegistryAccess(URI controlPlane, Supplier<Optional<String>> agentCredential,
      Supplier<HttpClient> controlPlaneHttp, InsecureRegistries insecure) {
    this.insecure = insecure;
    this.controlPlane = controlPlane;
    this.controlPlaneDomain = controlPlane == null ? "" : controlPlane.getHost() + ":" + port(controlPlane);
    this.agentCredential = agentCredential;
    this.controlPlaneHttp = controlPlaneHttp;
    this.stored = new StoredCredentials(controlPlane, agentCredential, controlPlaneHttp);
  }

  /** Access without a control plane: only the credentials sent. */
  public static RegistryAccess standalone() {
    return new RegistryAccess(null, Optional::empty);
  }

  /**
   * A client of {@code domain} with {@code given} credentials, else the agent's for the control
   * plane, else those the control plane stores for {@code domain}. The control plane's registry is
   * spoken to as the agent speaks to the control plane: over plain HTTP when its URL is
   * {@code http://} (the agent trusts it already; another host's address reaching it is not
   * loopback), as the docker daemon's {@code insecure-registries} would.
   */
  public RegistryClient client(String domain, Optional<RegistryCredentials> given) {
    if (!isControlPlane(domain)) {
      return new RegistryClient(insecure.baseOf(domain), given.isPresent() ? given : stored.lookup(domain));
    }
    Optional<RegistryCredentials> credentials = given.isPresent() ? given
        : agentCredential.get().map(secret -> new RegistryCredentials("agent", secret));
    URI base = URI.create(controlPlane.getScheme() + "://" + domain);
    return new RegistryClient(base, credentials, controlPlaneHttp.get());
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /** Whether {@code domain} is the control plane (loopback names being one another). */
  private boolean isControlPlane(String domain) {
    if (domain.equals(controlPlaneDomain)) {
      return true;
    }
    String port = domain.replaceFirst("^.*:", ":");
    return controlPlaneDomain.endsWith(port) && InsecureRegistries.isLoopback(domain)
        && InsecureRegistries.isLoopback(controlPlaneDomain);
  }
}
