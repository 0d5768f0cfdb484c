package dev.berth.control.support;

import dev.berth.control.tls.TlsSettings;
import dev.berth.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;

/** The test control plane's HTTPS side: its port, Berth's CA, and TLS contexts for clients. */
public final class BerthTls {
  private BerthTls() {}

  /** The control plane's HTTPS base URL ({@code https://127.0.0.1:<port>}). */
  public static URL httpsUrl() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    try {
      return new URL("https://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Berth's CA certificate file. */
  public static Path caFile() {
    return TlsSettings.directory(EmbeddedPostgresResource.dataDir).resolve("ca.crt");
  }

  /** Berth's CA certificate. */
  public static X509Certificate ca() {
    try {
      return Pem.certificates(Files.readString(caFile())).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context trusting Berth's CA, presenting {@code key}/{@code chain} as client certificate when given. */
  public static SSLContext context(PrivateKey key, List<X509Certificate> chain) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("berth-ca", ca());
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (key != null) {
        keys.setKeyEntry("client", key, new char[0], chain.toArray(X509Certificate[]::new));
      }
      keyManagers.init(keys, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
