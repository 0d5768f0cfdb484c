package dev.berth.control.tls;

import dev.berth.storage.AtomicFiles;
import dev.berth.tls.KeyPairs;
import dev.berth.tls.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Berth's own certificate authority: created at the control plane's first start, it issues the
 * control plane's server certificate and every agent's client certificate (at enrollment). Its
 * files, written atomically (temp file, fsync, rename):
 *
 * <pre>
 * $BERTH_DATA/tls/
 *   ca.key       the CA's private key (PKCS#8 PEM, EC P-256), mode 0600
 *   ca.crt       the CA certificate (PEM), mode 0644: what agents pin and `berth env` hands the docker CLI
 *   server.key   the control plane's key (0600) ┐ re-issued at every start for the names and
 *   server.crt   its certificate                ┘ addresses of that moment (see ServerCertificate)
 * </pre>
 */
public final class BerthCa {
  /** How long the CA is valid. */
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a certificate is for: its extended key usage. */
  public enum Usage {
    /** A TLS server (the control plane). */
    SERVER(KeyPurposeId.id_kp_serverAuth),
    /** A TLS client (an agent). */
    CLIENT(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId purpose;

    Usage(KeyPurposeId purpose) {
      this.purpose = purpose;
    }
  }

  private final Path directory;
  private final X509Certificate certificate;
  private final PrivateKey key;

  private BerthCa(Path directory, X509Certificate certificate, PrivateKey key) {
    this.directory = directory;
    this.certificate = certificate;
    this.key = key;
  }

  /** The CA kept in {@code directory}, created there (key first, then certificate) when absent. */
  public static synchronized BerthCa openOrCreate(Path directory) throws IOException {
    Path keyFile = directory.resolve("ca.key");
    Path certificateFile = directory.resolve("ca.crt");
    try {
      if (Files.exists(keyFile) && Files.exists(certificateFile)) {
        return new BerthCa(directory, Pem.certificates(Files.readString(certificateFile)).get(0),
            Pem.privateKey(Files.readString(keyFile)));
      }
      AtomicFiles.createPrivateDirectories(directory);
      KeyPair pair = newKeyPair();
      X500Name subject = name("Berth CA " + Instant.now().getEpochSecond());
      Instant now = Instant.now();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = sign(builder, pair.getPrivate());
      writePrivate(keyFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
      AtomicFiles.write(certificateFile, Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII),
          PosixFilePermissions.fromString("rw-r--r--"));
      return new BerthCa(directory, certificate, pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot open or create Berth's CA in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA certificate's file ({@code ca.crt}). */
  public Path certificateFile() {
    return directory.resolve("ca.crt");
  }

  /** The directory the CA's files are in. */
  public Path directory() {
    return directory;
  }

  /**
   * A certificate for {@code publicKey}, named {@code commonName}, for {@code usage}, with
   * {@code alternativeNames} (DNS names and IP addresses) and valid for {@code validity}.
   */
  public X509Certificate issue(String commonName, PublicKey publicKey, Usage usage, List<GeneralName> alternativeNames,
      Duration validity) {
    Instant now = Instant.now();
    Instant notAfter = now.plus(validity).isAfter(certificate.getNotAfter().toInstant())
        ? certificate.getNotAfter().toInstant() : now.plus(validity);
    // Back-dated for clocks a little behind, by a tenth at most of a short validity (whose renewal
    // at two thirds of the way must stay ahead of its issue).
    Duration backdate = validity.dividedBy(10).compareTo(BACKDATE) < 0 ? validity.dividedBy(10) : BACKDATE;
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(backdate)), Date.from(notAfter), name(commonName), publicKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage.purpose))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
      if (!alternativeNames.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
      }
      return sign(builder, key);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  /** A fresh EC P-256 key pair. */
  public static KeyPair newKeyPair() {
    return KeyPairs.ecP256();
  }

  /** Writes {@code pem} to {@code file} atomically, readable by the owner only. */
  static void writePrivate(Path file, String pem) throws IOException {
    AtomicFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Berth").addRDN(BCStyle.CN, commonName).build();
  }

  // Positive, 127 bits: unique in practice, so a certificate is also known by its serial.
  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).setBit(126);
  }
}
