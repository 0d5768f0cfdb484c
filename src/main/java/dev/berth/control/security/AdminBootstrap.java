package dev.berth.control.security;

import dev.berth.storage.AtomicFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On the very first start (no users yet) creates {@code admin} with a random password and an
 * admin API token, and writes both to {@code $BERTH_DATA/admin-password} and
 * {@code $BERTH_DATA/admin-token} (0600). The files are written before the transaction commits:
 * a crash in between leaves no user, so the next start does it again.
 */
@ApplicationScoped
public class AdminBootstrap {
  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

  @ConfigProperty(name = "berth.data") Path data;
  // The generated password sits in a file: whoever signs in with it first must choose their own.
  @ConfigProperty(name = "berth.admin.force-password-change", defaultValue = "true") boolean forcePasswordChange;

  @Transactional
  void onStart(@Observes StartupEvent event) {
    if (User.count() > 0) {
      return;
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String token = Secrets.generate(Secrets.API_TOKEN_PREFIX);

    User admin = new User();
    admin.id = UUID.randomUUID();
    admin.username = "admin";
    admin.passwordHash = PasswordHasher.hash(password);
    admin.role = "admin";
    admin.createdAt = Instant.now();
    admin.mustChangePassword = forcePasswordChange;
    admin.persist();

    ApiToken apiToken = new ApiToken();
    apiToken.id = UUID.randomUUID();
    apiToken.user = admin;
    apiToken.name = "bootstrap";
    apiToken.tokenHash = Secrets.hash(token);
    apiToken.createdAt = admin.createdAt;
    apiToken.persist();

    try {
      AtomicFiles.write(data.resolve("admin-password"), (password + "\n").getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
      AtomicFiles.write(data.resolve("admin-token"), (token + "\n").getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin credentials under " + data, e);
    }
    LOG.infof("created user admin; password in %s, API token in %s",
        data.resolve("admin-password"), data.resolve("admin-token"));
  }
}
