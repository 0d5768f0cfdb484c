package dev.berth.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.state.AgentLayout;
import dev.berth.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent keeps of its TLS identity, and what it trusts before and after enrollment. */
class AgentTlsTest {
  @TempDir Path dataDir;

  @Test
  void nothingPinnedOrGivenMeansTheJdkDefaults() throws Exception {
    AgentTls tls = new AgentTls(new AgentLayout(dataDir), Optional.empty());
    assertFalse(tls.hasCertificate());
    assertTrue(tls.context().isEmpty());
  }

  @Test
  void keepsTheKeyAndCertificateOwnerOnlyAndTrustsThePinnedCertificates() throws Exception {
    AgentLayout layout = new AgentLayout(dataDir);
    AgentTls tls = new AgentTls(layout, Optional.empty());
    PrivateKey key = storeSelfSigned(tls);

    assertTrue(tls.hasCertificate());
    for (Path file : new Path[] {layout.agentKeyFile(), layout.agentCertificateFile(), layout.pinnedCaFile()}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
    assertEquals(key, Pem.privateKey(Files.readString(layout.agentKeyFile())));
    assertTrue(tls.context().isPresent());
  }

  @Test
  void aRenewedPairReplacesTheOldOneWholeEvenAfterACrashBetweenItsFiles() throws Exception {
    AgentLayout layout = new AgentLayout(dataDir);
    AgentTls tls = new AgentTls(layout, Optional.empty());
    PrivateKey oldKey = storeSelfSigned(tls);
    String oldCertificate = Files.readString(layout.agentCertificateFile());
    var stamp = tls.certificateStamp();

    KeyPair renewed = AgentTls.newKeyPair();
    String renewedCertificate = "-----BEGIN CERTIFICATE-----\nrenewed\n-----END CERTIFICATE-----\n";
    // A crash after writing the new key only: the old pair stays, the half is dropped.
    Files.writeString(dataDir.resolve("state/agent.key.next"), Pem.encode("PRIVATE KEY", renewed.getPrivate().getEncoded()));
    tls.completeReplacement();
    assertEquals(oldKey, Pem.privateKey(Files.readString(layout.agentKeyFile())));
    assertFalse(Files.exists(dataDir.resolve("state/agent.key.next")));

    // A crash after the key was renamed but not the certificate: the replacement is finished.
    Files.writeString(layout.agentKeyFile(), Pem.encode("PRIVATE KEY", renewed.getPrivate().getEncoded()));
    Files.writeString(dataDir.resolve("state/agent.crt.next"), renewedCertificate);
    tls.completeReplacement();
    assertEquals(renewedCertificate, Files.readString(layout.agentCertificateFile()));
    assertEquals(renewed.getPrivate(), Pem.privateKey(Files.readString(layout.agentKeyFile())));

    tls.replace(oldKey, oldCertificate);
    assertEquals(oldKey, Pem.privateKey(Files.readString(layout.agentKeyFile())));
    assertEquals(oldCertificate, Files.readString(layout.agentCertificateFile()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.agentKeyFile())));
    assertFalse(stamp.equals(tls.certificateStamp()), "clients see the certificate changed");
    try (var files = Files.list(dataDir.resolve("state"))) {
      assertEquals(0, files.filter(file -> file.getFileName().toString().contains(".next")).count());
    }
  }

  @Test
  void enrollmentKeysAreEcP256() {
    KeyPair keys = AgentTls.newKeyPair();
    assertEquals("EC", keys.getPublic().getAlgorithm());
    assertEquals(256, ((java.security.interfaces.ECPublicKey) keys.getPublic()).getParams().getCurve().getField().getFieldSize());
  }

  /** Stores a self-signed certificate (from keytool), standing for both the agent's and the CA's; returns its key. */
  private PrivateKey storeSelfSigned(AgentTls tls) throws Exception {
    java.security.KeyStore keystore = selfSigned();
    PrivateKey key = (PrivateKey) keystore.getKey("a", "changeit".toCharArray());
    String certificate = Pem.certificate((X509Certificate) keystore.getCertificate("a"));
    tls.store(key, certificate, certificate);
    return key;
  }

  private java.security.KeyStore selfSigned() throws Exception {
    Path store = dataDir.resolve("k.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "a", "-dname", "CN=test",
        "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12").inheritIO().start();
    assertEquals(0, keytool.waitFor());
    java.security.KeyStore keystore = java.security.KeyStore.getInstance("PKCS12");
    keystore.load(Files.newInputStream(store), "changeit".toCharArray());
    return keystore;
  }
}
