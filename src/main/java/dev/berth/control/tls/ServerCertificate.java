package dev.berth.control.tls;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.berth.storage.AtomicFiles;
import dev.berth.tls.Pem;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The control plane's own server certificate, issued by {@link BerthCa} at every start (so a
 * new address or host name is covered after a restart) into {@code server.key}/{@code server.crt}.
 * Its names: {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the machine's host name and
 * addresses, and the names the operator configured ({@code berth.tls.names}).
 */
public final class ServerCertificate {
  static final Duration VALIDITY = Duration.ofDays(825);

  private ServerCertificate() {}

  /** Issues a fresh certificate for this machine plus {@code extraNames}; returns its files (certificate, key). */
  public static Path[] issue(BerthCa ca, Collection<String> extraNames) throws IOException {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    names.addAll(machineNames());
    extraNames.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(names::add);
    KeyPair pair = BerthCa.newKeyPair();
    X509Certificate certificate = ca.issue(hostName(), pair.getPublic(), BerthCa.Usage.SERVER,
        names.stream().map(ServerCertificate::generalName).toList(), VALIDITY);
    Path key = ca.directory().resolve("server.key");
    Path crt = ca.directory().resolve("server.crt");
    BerthCa.writePrivate(key, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
    AtomicFiles.write(crt, (Pem.certificate(certificate) + Pem.certificate(ca.certificate()))
        .getBytes(StandardCharsets.US_ASCII), PosixFilePermissions.fromString("rw-r--r--"));
    return new Path[] {crt, key};
  }

  /** An IP address entry for literal addresses, a DNS entry otherwise. */
  static GeneralName generalName(String name) {
    boolean literal = name.matches("[0-9.]+") || name.contains(":");
    return new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }

  private static List<String> machineNames() {
    List<String> names = new ArrayList<>();
    names.add(hostName());
    try {
      for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
        for (InetAddress address : network.inetAddresses().toList()) {
          if (!address.isLinkLocalAddress()) {
            String text = address.getHostAddress();
            names.add(address instanceof Inet6Address && text.contains("%") ? text.substring(0, text.indexOf('%')) : text);
          }
        }
      }
    } catch (SocketException e) {
      // only the loopback names then
    }
    return names;
  }

  /** The machine's host name, which the certificate names (and a replica's default address uses). */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
