package dev.berth.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text for what Berth's TLS keeps on disk and sends at enrollment: certificates
 * ({@code CERTIFICATE}), private keys (PKCS#8 {@code PRIVATE KEY}, EC P-256) and public keys
 * ({@code PUBLIC KEY}, X.509 SubjectPublicKeyInfo). JDK only, so the agent needs no library.
 */
public final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private Pem() {}

  /** {@code der} as a PEM block of {@code type}, 64 characters a line. */
  public static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** A certificate as PEM. */
  public static String certificate(X509Certificate certificate) {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /** The DER contents of every block of {@code type} in {@code pem}, in order. */
  public static List<byte[]> blocks(String pem, String type) {
    List<byte[]> found = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(pem);
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        found.add(Base64.getMimeDecoder().decode(matcher.group(2)));
      }
    }
    return found;
  }

  /** Every certificate in {@code pem}; fails when there is none. */
  public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certificates = new ArrayList<>();
    for (byte[] der : blocks(pem, "CERTIFICATE")) {
      certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    return certificates;
  }

  /** The PKCS#8 private key in {@code pem} (EC or RSA). */
  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    List<byte[]> keys = blocks(pem, "PRIVATE KEY");
    if (keys.isEmpty()) {
      throw new GeneralSecurityException("no PEM 'PRIVATE KEY' (PKCS#8) found");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
    for (String algorithm : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException tryNext) {
        // not this algorithm
      }
    }
    throw new GeneralSecurityException("the private key is neither EC nor RSA");
  }

  /** The SHA-256 fingerprint of a certificate's DER encoding, lower-case hex: how Berth names an agent's certificate. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
