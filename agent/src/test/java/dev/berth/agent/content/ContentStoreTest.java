package dev.berth.agent.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path root;

  @Test
  void storesContentUnderItsSha256() throws IOException {
    ContentStore store = new ContentStore(root);
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    Digest digest = store.write(data);
    assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest.toString());
    assertTrue(store.contains(digest));
    assertArrayEquals(data, store.read(digest));
    assertEquals(5, store.size(digest));
    assertEquals(Set.of(digest), store.list());
    assertEquals(digest, store.write(data), "writing the same content again is harmless");
  }

  @Test
  void contentThatDoesNotMatchItsDigestOrSizeIsNotStored() throws IOException {
    ContentStore store = new ContentStore(root);
    Digest other = Digest.of("other".getBytes(StandardCharsets.UTF_8));
    assertThrows(DigestMismatchException.class,
        () -> store.write(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), other, -1));
    Digest right = Digest.of("hello".getBytes(StandardCharsets.UTF_8));
    assertThrows(DigestMismatchException.class,
        () -> store.write(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), right, 4));
    assertEquals(Set.of(), store.list());
    try (var ingest = Files.list(root.resolve("ingest"))) {
      assertEquals(0, ingest.count(), "no temp file is left behind");
    }
  }

  @Test
  void aWriteThatFailsMidwayLeavesNothingVisible() throws IOException {
    ContentStore store = new ContentStore(root);
    InputStream failing = new InputStream() {
      private int left = 100_000;

      @Override
      public int read() throws IOException {
        if (left-- <= 0) { // keeps failing: InputStream.read(byte[]) swallows a failure after the first byte
          throw new IOException("connection reset");
        }
        return 'x';
      }
    };
    assertThrows(IOException.class, () -> store.write(failing, null, -1));
    assertEquals(Set.of(), store.list());
  }

  @Test
  void leftoversOfACrashedWriteAreRemovedAtStart() throws IOException {
    new ContentStore(root);
    Files.writeString(root.resolve("ingest").resolve("blob-123.tmp"), "half a blob");
    new ContentStore(root);
    try (var ingest = Files.list(root.resolve("ingest"))) {
      assertEquals(0, ingest.count());
    }
  }

  @Test
  void digestsAreValidatedBeforeTheyBecomePaths() {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:../../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"));
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("nocolon"));
    assertFalse(Digest.parse("sha256:" + "a".repeat(64)).toString().isEmpty());
  }
}
