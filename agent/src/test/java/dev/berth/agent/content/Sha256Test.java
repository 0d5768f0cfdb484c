package dev.berth.agent.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libcrypto's SHA-256 gives the JDK's hashes, whatever the sizes of the pieces fed to it. */
class Sha256Test {
  @Test
  void libcryptoHashesAsTheJdkDoes() throws Exception {
    byte[] data = new byte[(1 << 18) + 12345];
    new Random(7).nextBytes(data);
    Sha256 hash = Sha256.start();
    Sha256 jdk = Sha256.startInJdk();
    assertTrue(hash.isNative(), "libcrypto is on this host");
    int[] pieces = {0, 1, 63, 64, 65, 1000, 1 << 16, (1 << 16) + 1, 1 << 17};
    int at = 0;
    for (int i = 0; at < data.length; i++) {
      int n = Math.min(pieces[i % pieces.length], data.length - at);
      hash.update(data, at, n);
      jdk.update(data, at, n);
      at += n;
    }
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
    assertArrayEquals(expected, jdk.digest());
    assertArrayEquals(expected, hash.digest());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(new byte[0]), Sha256.start().digest());
  }
}
