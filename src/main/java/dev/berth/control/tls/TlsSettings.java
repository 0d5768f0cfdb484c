package dev.berth.control.tls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the control plane serves HTTP, decided before Quarkus starts (its TLS files must exist when
 * the HTTP server opens): HTTPS on {@code BERTH_HTTP_PORT} by default, with the certificate the
 * operator gave or one from {@link BerthCa}, asking clients for a certificate (agents present the
 * one Berth issued them) and trusting Berth's CA for it; plain HTTP only when
 * {@code berth.tls=off} (tests, or behind a load balancer that terminates TLS).
 *
 * <p>Settings, each a system property or its environment variable:
 * {@code berth.tls} / {@code BERTH_TLS} ({@code on} or {@code off}),
 * {@code berth.tls.certificate-file} / {@code BERTH_TLS_CERTIFICATE_FILE} and
 * {@code berth.tls.key-file} / {@code BERTH_TLS_KEY_FILE} (PEM; both or neither),
 * {@code berth.tls.names} / {@code BERTH_TLS_NAMES} (comma-separated extra names and addresses for
 * the generated certificate, which also names the host of {@code berth.replica.address} /
 * {@code BERTH_REPLICA_ADDRESS}, where the other replicas reach this one).
 */
public record TlsSettings(boolean enabled, Path dataDir, Optional<Path> certificateFile, Optional<Path> keyFile,
    List<String> names) {
  /** Name of the TLS configuration the HTTP server uses. */
  public static final String CONFIGURATION = "berth";

  /** The settings from system properties and the environment. */
  public static TlsSettings fromEnvironment(Path dataDir) {
    return from(dataDir, name -> Optional.ofNullable(System.getProperty(name))
        .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_')))));
  }

  /** The settings {@code lookup} gives (by property name). */
  static TlsSettings from(Path dataDir, Function<String, Optional<String>> lookup) {
    String mode = lookup.apply("berth.tls").orElse("on").trim();
    if (!mode.equals("on") && !mode.equals("off")) {
      throw new IllegalArgumentException("berth.tls must be 'on' or 'off', got '" + mode + "'");
    }
    Optional<Path> certificate = lookup.apply("berth.tls.certificate-file").filter(s -> !s.isBlank()).map(Path::of);
    Optional<Path> key = lookup.apply("berth.tls.key-file").filter(s -> !s.isBlank()).map(Path::of);
    if (certificate.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("berth.tls.certificate-file and berth.tls.key-file go together: give both or neither");
    }
    List<String> names = new ArrayList<>(Arrays.stream(lookup.apply("berth.tls.names").orElse("").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList());
    // The other replicas check this replica's certificate against the address it records.
    lookup.apply("berth.replica.address").flatMap(TlsSettings::hostOf).filter(host -> !names.contains(host))
        .ifPresent(names::add);
    return new TlsSettings(mode.equals("on"), dataDir, certificate, key, List.copyOf(names));
  }

  // The host of an address such as https://berth-2.internal:8080 ([::1] without its brackets).
  private static Optional<String> hostOf(String address) {
    try {
      return Optional.ofNullable(URI.create(address.trim()).getHost()).map(host -> host.replaceAll("^\\[|]$", ""));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** The directory of Berth's CA and generated server certificate. */
  public static Path directory(Path dataDir) {
    return dataDir.resolve("tls");
  }

  /**
   * Creates the CA if needed and the server certificate (unless given), and returns the Quarkus
   * properties that serve HTTPS only on {@code port}, or plain HTTP when TLS is off.
   */
  public Map<String, String> prepare(int port) throws IOException {
    Map<String, String> properties = new LinkedHashMap<>();
    if (!enabled) {
      properties.put("quarkus.http.port", Integer.toString(port));
      properties.put("quarkus.http.insecure-requests", "enabled");
      return properties;
    }
    properties.putAll(tlsProperties());
    properties.put("quarkus.http.ssl-port", Integer.toString(port));
    properties.put("quarkus.http.insecure-requests", "disabled");
    return properties;
  }

  /** For the tests: HTTPS on a random port beside plain HTTP (which most tests use), both served. */
  public Map<String, String> prepareForTests() throws IOException {
    Map<String, String> properties = new LinkedHashMap<>(tlsProperties());
    properties.put("quarkus.http.test-ssl-port", "0");
    properties.put("quarkus.http.insecure-requests", "enabled");
    return properties;
  }

  private Map<String, String> tlsProperties() throws IOException {
    BerthCa ca = BerthCa.openOrCreate(directory(dataDir));
    Path certificate;
    Path key;
    if (certificateFile.isPresent()) {
      for (Path given : List.of(certificateFile.get(), keyFile.get())) {
        if (!Files.isReadable(given)) {
          throw new IOException("the TLS file " + given + " is missing or unreadable");
        }
      }
      certificate = certificateFile.get();
      key = keyFile.get();
    } else {
      Path[] issued = ServerCertificate.issue(ca, names);
      certificate = issued[0];
      key = issued[1];
    }
    String prefix = "quarkus.tls." + CONFIGURATION + ".";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(prefix + "key-store.pem.0.cert", certificate.toString());
    properties.put(prefix + "key-store.pem.0.key", key.toString());
    // Client certificates (the agents') are checked against Berth's CA only.
    properties.put(prefix + "trust-store.pem.certs", ca.certificateFile().toString());
    properties.put("quarkus.http.tls-configuration-name", CONFIGURATION);
    properties.put("berth.tls", "on");
    return properties;
  }
}
