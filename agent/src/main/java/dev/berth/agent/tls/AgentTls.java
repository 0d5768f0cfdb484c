package dev.berth.agent.tls;

import dev.berth.agent.state.AgentLayout;
import dev.berth.storage.AtomicFiles;
import dev.berth.tls.KeyPairs;
import dev.berth.tls.Pem;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * This agent's side of TLS with the control plane. At enrollment it generates its key pair (the
 * private key never leaves the host) and keeps what the control plane issued:
 *
 * <pre>
 * state/agent.key   0600  the agent's private key (PKCS#8 PEM, EC P-256)
 * state/agent.crt   0600  its client certificate from Berth's CA: the link's identity (mutual TLS)
 * state/ca.crt      0600  the pinned trust: Berth's CA, plus whatever the control plane's certificate
 *                         was verified against at enrollment when the operator gave it its own
 * </pre>
 *
 * The control plane is verified against the pinned certificates only; before enrollment (or for a
 * host enrolled before certificates), against {@code --ca-cert} when given, else the JDK's defaults.
 *
 * <p>A renewal ({@link CertificateRenewal}) replaces the key and certificate as one pair, so that a
 * crash at any point leaves one whole pair: both are written beside them first, {@code agent.key.next}
 * then {@code agent.crt.next} (whose presence means the pair is complete), then renamed over them;
 * {@link #completeReplacement} finishes an interrupted replacement at start, or drops a half-written one.
 */
public final class AgentTls {
  // One process may hold several AgentTls of the same files: a context is never read from half a replacement.
  private static final Object PAIR = new Object();

  private final AgentLayout layout;
  private final Optional<Path> givenCa;
  private final List<X509Certificate> anchors;

  /** TLS for the agent with {@code layout}, trusting {@code givenCa} (PEM file) until a CA is pinned. */
  public AgentTls(AgentLayout layout, Optional<Path> givenCa) {
    this(layout, givenCa, List.of());
  }

  private AgentTls(AgentLayout layout, Optional<Path> givenCa, List<X509Certificate> anchors) {
    this.layout = layout;
    this.givenCa = givenCa;
    this.anchors = anchors;
  }

  /** This TLS, also trusting {@code ca} until a CA is pinned (the CA a join token's fingerprint named). */
  public AgentTls alsoTrusting(X509Certificate ca) {
    List<X509Certificate> more = new ArrayList<>(anchors);
    more.add(ca);
    return new AgentTls(layout, givenCa, List.copyOf(more));
  }

  /** A fresh key pair for enrollment. */
  public static KeyPair newKeyPair() {
    return KeyPairs.ecP256();
  }

  /** Whether this agent holds a client certificate. */
  public boolean hasCertificate() {
    return Files.exists(layout.agentCertificateFile()) && Files.exists(layout.agentKeyFile());
  }

  /** Keeps the enrolled identity: the private key, its certificate and the pinned trust (all PEM). */
  public void store(PrivateKey key, String certificatePem, String pinnedPem) throws IOException {
    AtomicFiles.createPrivateDirectories(layout.stateDir());
    write(layout.agentKeyFile(), Pem.encode("PRIVATE KEY", key.getEncoded()));
    write(layout.agentCertificateFile(), certificatePem);
    write(layout.pinnedCaFile(), pinnedPem);
  }

  /** This agent's client certificate, if it has one. */
  public Optional<X509Certificate> certificate() throws IOException {
    return hasCertificate() ? Optional.of(read(layout.agentCertificateFile()).get(0)) : Optional.empty();
  }

  /** The pinned certificates (Berth's CA first), or none before enrollment. */
  public List<X509Certificate> pinnedCertificates() throws IOException {
    return Files.exists(layout.pinnedCaFile()) ? read(layout.pinnedCaFile()) : List.of();
  }

  /** When the certificate file last changed: a new value means clients should present the new certificate. */
  public Optional<FileTime> certificateStamp() throws IOException {
    try {
      return Optional.of(Files.getLastModifiedTime(layout.agentCertificateFile()));
    } catch (NoSuchFileException none) {
      return Optional.empty();
    }
  }

  /** Replaces the key and certificate with a renewed pair (see the class comment); the next connection uses them. */
  public void replace(PrivateKey key, String certificatePem) throws IOException {
    synchronized (PAIR) {
      write(next(layout.agentKeyFile()), Pem.encode("PRIVATE KEY", key.getEncoded()));
      write(next(layout.agentCertificateFile()), certificatePem);
      completeReplacement();
    }
  }

  /** Finishes a replacement a crash interrupted (both files written), or drops a half-written one. */
  public void completeReplacement() throws IOException {
    Path nextKey = next(layout.agentKeyFile());
    Path nextCertificate = next(layout.agentCertificateFile());
    if (!Files.exists(nextCertificate)) {
      Files.deleteIfExists(nextKey);
      return;
    }
    if (Files.exists(nextKey)) {
      AtomicFiles.rename(nextKey, layout.agentKeyFile());
    }
    AtomicFiles.rename(nextCertificate, layout.agentCertificateFile());
  }

  /** The certificates {@code --ca-cert} names and those {@link #alsoTrusting} added, or none. */
  public List<X509Certificate> givenCertificates() throws IOException {
    List<X509Certificate> given = new ArrayList<>(givenCa.isPresent() ? read(givenCa.get()) : List.of());
    given.addAll(anchors);
    return given;
  }

  /** An HTTP client builder whose TLS trusts what this agent trusts and presents its certificate when it has one. */
  public HttpClient.Builder httpClient() throws IOException {
    HttpClient.Builder builder = HttpClient.newBuilder();
    Optional<SSLContext> context = context();
    context.ifPresent(builder::sslContext);
    return builder;
  }

  /** The TLS context for the control plane; empty: the JDK's defaults (nothing pinned or given). */
  public Optional<SSLContext> context() throws IOException {
    synchronized (PAIR) {
      return contextOfTheseFiles();
    }
  }

  private Optional<SSLContext> contextOfTheseFiles() throws IOException {
    List<X509Certificate> trusted = Files.exists(layout.pinnedCaFile()) ? read(layout.pinnedCaFile()) : givenCertificates();
    if (trusted.isEmpty() && !hasCertificate()) {
      return Optional.empty();
    }
    try {
      if (!Files.exists(layout.pinnedCaFile()) && givenCa.isEmpty() && !anchors.isEmpty()) {
        // Only the CA a join token named: the control plane may still present a certificate the JDK trusts.
        trusted = new ArrayList<>(trusted);
        trusted.addAll(jdkTrusted());
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (trusted.isEmpty()) {
        trustManagers.init((KeyStore) null);
      } else {
        trustManagers.init(keyStore(trusted, null, List.of()));
      }
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      if (hasCertificate()) {
        PrivateKey key = Pem.privateKey(Files.readString(layout.agentKeyFile()));
        keyManagers.init(keyStore(List.of(), key, read(layout.agentCertificateFile())), new char[0]);
      } else {
        keyManagers.init(keyStore(List.of(), null, List.of()), new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS from " + layout.stateDir() + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> jdkTrusted() throws GeneralSecurityException {
    TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    List<X509Certificate> issuers = new ArrayList<>();
    for (var manager : defaults.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        issuers.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return issuers;
  }

  /** PEM of {@code certificates}, each once. */
  public static String pem(Collection<X509Certificate> certificates) {
    List<X509Certificate> distinct = new ArrayList<>();
    certificates.stream().filter(c -> !distinct.contains(c)).forEach(distinct::add);
    return String.join("", distinct.stream().map(Pem::certificate).toList());
  }

  private static KeyStore keyStore(List<X509Certificate> trusted, PrivateKey key, List<X509Certificate> chain)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("trusted-" + i, trusted.get(i));
    }
    if (key != null) {
      store.setKeyEntry("agent", key, new char[0], chain.toArray(X509Certificate[]::new));
    }
    return store;
  }

  private static List<X509Certificate> read(Path file) throws IOException {
    try {
      return Pem.certificates(Files.readString(file));
    } catch (GeneralSecurityException e) {
      throw new IOException("no usable certificate in " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path next(Path file) {
    return file.resolveSibling(file.getFileName() + ".next");
  }

  private static void write(Path file, String pem) throws IOException {
    AtomicFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
  }
}
