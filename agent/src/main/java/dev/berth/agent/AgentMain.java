package dev.berth.agent;

import dev.berth.agent.enroll.AgentCredential;
import dev.berth.agent.enroll.CaDiscovery;
import dev.berth.agent.enroll.CredentialStore;
import dev.berth.agent.enroll.Enrollment;
import dev.berth.agent.enroll.EnrollmentException;
import dev.berth.agent.host.HostFactsCollector;
import dev.berth.agent.link.LinkClient;
import dev.berth.agent.localapi.LocalApiServer;
import dev.berth.agent.state.AgentLayout;
import dev.berth.agent.tls.AgentTls;
import dev.berth.agent.tls.CertificateRenewal;
import dev.berth.tls.JoinToken;
import dev.berth.tls.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/** Starts the agent: reads the configuration, enrolls the host if needed, then opens the link. */
public final class AgentMain {

  private AgentMain() {}

  /**
   * Entry point; exits 2 on a configuration error, 1 when enrollment or start-up fails, 3 when
   * the control plane refuses the stored credential.
   */
  public static void main(String[] args) {
    try {
      AgentConfig config = AgentConfig.parse(args, System.getenv());
      System.exit(run(config));
    } catch (AgentConfigException e) {
      System.err.println("berth-agent: " + e.getMessage());
      System.err.println(AgentConfig.USAGE);
      System.exit(2);
    }
  }

  /** Runs the agent with {@code config}; returns the process exit code. */
  static int run(AgentConfig config) {
    try {
      tls(config).completeReplacement(); // a renewal the agent's last stop interrupted
      AgentCredential credential = enrolledCredential(config);
      System.out.println("berth-agent " + AgentVersion.current() + ": host " + credential.name()
          + " (" + credential.hostId() + "), control plane " + config.controlPlane()
          + ", data " + config.dataDir());
      try (AgentComponents components = AgentComponents.create(config);
          LocalApiServer localApi = startLocalApi(config, components); // null when turned off
          CertificateRenewal renewal = new CertificateRenewal(config.controlPlanes(), credential, tls(config))) {
        renewal.start();
        new LinkClient(config.controlPlanes(), credential, tls(config), components).run();
      }
      return 3; // the control plane refused the credential
    } catch (EnrollmentException e) {
      System.err.println("berth-agent: enrollment refused: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("berth-agent: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * Serves the Docker API on the configured unix socket; null when it is turned off. The socket
   * file goes when the agent stops, on a signal too.
   */
  private static LocalApiServer startLocalApi(AgentConfig config, AgentComponents components) throws IOException {
    if (config.dockerSocket().isEmpty()) {
      return null;
    }
    LocalApiServer server = LocalApiServer.start(config.dockerSocket().get(), components.dockerApi());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "docker-socket-close"));
    System.out.println("berth-agent: Docker API on unix://" + server.path());
    return server;
  }

  /** The stored credential, or a new one from enrolling with the join token. */
  private static AgentCredential enrolledCredential(AgentConfig config)
      throws IOException, EnrollmentException, InterruptedException {
    CredentialStore store = new CredentialStore(new AgentLayout(config.dataDir()).credentialFile());
    Optional<AgentCredential> stored = store.load();
    if (stored.isPresent()) {
      return stored.get();
    }
    String token = config.joinToken().orElseThrow(() -> new IOException(
        "this host is not enrolled yet: pass --join-token TOKEN (or set BERTH_JOIN_TOKEN)"));
    JoinToken joinToken = JoinToken.parse(token);
    AgentTls tls = tls(config);
    // The fingerprint anchors TLS; over plain http (TLS ends at a load balancer) there is none to anchor.
    if (joinToken.caFingerprint().isPresent() && "https".equalsIgnoreCase(config.controlPlane().getScheme())) {
      tls = tls.alsoTrusting(new CaDiscovery(config.controlPlane()).fetch(joinToken.caFingerprint().get()));
    }
    HttpClient http = tls.httpClient().connectTimeout(Duration.ofSeconds(10)).build();
    KeyPair keys = AgentTls.newKeyPair();
    Enrollment.Enrolled enrolled = new Enrollment(config.controlPlane(), http).enroll(config.name(), joinToken.text(),
        new HostFactsCollector(config.dataDir()).collect(), Optional.of(Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded())));
    if (enrolled.certificate().isPresent() && enrolled.caCertificate().isPresent()) {
      tls.store(keys.getPrivate(), enrolled.certificate().get(), pinned(tls, enrolled));
    }
    AgentCredential credential = enrolled.credential();
    store.save(credential);
    System.out.println("berth-agent: enrolled as " + credential.hostId()
        + (enrolled.certificate().isPresent() ? " with a client certificate from Berth's CA" : ""));
    return credential;
  }

  /**
   * What the control plane is verified against from now on: Berth's CA, the CA given with
   * {@code --ca-cert} or found by the join token's fingerprint, and, when the control plane presented a certificate from another CA (the
   * operator's own), the top of the chain it presented at enrollment.
   */
  private static String pinned(AgentTls tls, Enrollment.Enrolled enrolled) throws IOException {
    try {
      List<X509Certificate> pinned = new ArrayList<>(Pem.certificates(enrolled.caCertificate().get()));
      pinned.addAll(tls.givenCertificates());
      List<X509Certificate> chain = enrolled.serverChain();
      if (!chain.isEmpty() && !issuedBy(chain.get(0), pinned.get(0))) {
        pinned.add(chain.get(chain.size() - 1));
      }
      return AgentTls.pem(pinned);
    } catch (GeneralSecurityException e) {
      throw new IOException("the control plane sent an unreadable CA certificate: " + e.getMessage(), e);
    }
  }

  private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static AgentTls tls(AgentConfig config) {
    return new AgentTls(new AgentLayout(config.dataDir()), config.caCertificate());
  }
}
