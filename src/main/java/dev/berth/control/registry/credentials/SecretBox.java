package dev.berth.control.registry.credentials;

import dev.berth.storage.AtomicFiles;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts the secrets of stored registry credentials at rest: AES-256-GCM under a key in
 * {@code $BERTH_DATA/registry-credentials.key} (32 random bytes, owner-only, made on first use),
 * so a copy of the database alone reveals nothing. Each sealed secret is bound to its credential's
 * id (GCM's associated data): swapping ciphertexts between rows fails to open. Replicas sharing
 * one database must share this key file.
 *
 * <pre>
 *   sealed = version (1 byte, 1) | nonce (12 bytes) | ciphertext and tag (16 bytes)
 * </pre>
 */
@ApplicationScoped
public class SecretBox {
  private static final byte VERSION = 1;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  @ConfigProperty(name = "berth.data") Path data;
  private volatile SecretKey key;

  /** {@code secret} sealed for the credential {@code id}. */
  public byte[] seal(String id, String secret) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, id, nonce, secret.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
  }

  /** The secret {@link #seal} sealed for {@code id}; fails if it was not sealed for it with this key. */
  public String open(String id, byte[] sealed) {
    if (sealed.length < 1 + NONCE || sealed[0] != VERSION) {
      throw new IllegalStateException("stored registry secret has an unknown format");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(sealed, 1, 1 + NONCE);
    byte[] body = java.util.Arrays.copyOfRange(sealed, 1 + NONCE, sealed.length);
    return new String(crypt(Cipher.DECRYPT_MODE, id, nonce, body), StandardCharsets.UTF_8);
  }

  private byte[] crypt(int mode, String id, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
          + " a registry secret (is " + keyFile() + " the key it was sealed with?)", e);
    }
  }

  private SecretKey key() {
    SecretKey known = key;
    if (known == null) {
      synchronized (this) {
        if (key == null) {
          key = new SecretKeySpec(loadOrCreate(), "AES");
        }
        known = key;
      }
    }
    return known;
  }

  private byte[] loadOrCreate() {
    Path file = keyFile();
    try {
      Optional<byte[]> existing = AtomicFiles.readIfExists(file);
      if (existing.isPresent()) {
        return check(existing.get());
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".registry-credentials.", ".key",
          PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY));
      try {
        Files.write(temp, fresh);
        Files.createLink(file, temp); // fails if another replica made the key meanwhile: use theirs
        return fresh;
      } catch (FileAlreadyExistsException raced) {
        return check(Files.readAllBytes(file));
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private byte[] check(byte[] key) {
    if (key.length != 32) {
      throw new IllegalStateException(keyFile() + " must hold 32 bytes, not " + key.length);
    }
    return key;
  }

  private Path keyFile() {
    return data.resolve("registry-credentials.key");
  }
}
