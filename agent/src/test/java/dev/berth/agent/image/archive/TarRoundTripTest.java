package dev.berth.agent.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarRoundTripTest {
  @TempDir Path dir;

  @Test
  void writesTarsThatGnuTarReads() throws Exception {
    Path archive = dir.resolve("a.tar");
    try (OutputStream out = new FileOutputStream(archive.toFile())) {
      TarWriter tar = new TarWriter(out);
      tar.directory("blobs");
      tar.file("blobs/hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
      tar.symlink("link", "blobs/hello.txt");
      tar.finish();
    }
    Process list = new ProcessBuilder("tar", "-tvf", archive.toString()).redirectErrorStream(true).start();
    String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, list.waitFor(), listing);
    assertTrue(listing.contains("blobs/hello.txt"), listing);
    assertTrue(listing.contains("link -> blobs/hello.txt"), listing);
  }

  @Test
  void readsGnuTarsWithLongNamesAndPaxHeaders() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    String longName = "d".repeat(80) + "/" + "f".repeat(90);
    Files.createDirectories(src.resolve(longName).getParent());
    Files.writeString(src.resolve(longName), "long");
    Files.writeString(src.resolve("short"), "x".repeat(1000));
    for (String format : new String[] {"gnu", "pax"}) {
      Path archive = dir.resolve(format + ".tar");
      Process tar = new ProcessBuilder("tar", "--format=" + format, "-cf", archive.toString(), "-C", src.toString(),
          "short", longName).inheritIO().start();
      assertEquals(0, tar.waitFor());
      TarReader reader = new TarReader(new ByteArrayInputStream(Files.readAllBytes(archive)));
      TarReader.Entry first = reader.next().orElseThrow();
      assertEquals("short", first.name());
      assertEquals(1000, reader.content().readAllBytes().length);
      TarReader.Entry second = reader.next().orElseThrow();
      assertEquals(longName, second.name(), format);
      assertArrayEquals("long".getBytes(StandardCharsets.UTF_8), reader.content().readAllBytes());
      assertFalse(reader.next().isPresent());
    }
  }

  @Test
  void readsWhatItWrites() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(bytes);
    writer.file("a", new byte[513]);
    writer.file("b", "bee".getBytes(StandardCharsets.UTF_8));
    writer.finish();
    TarReader reader = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals("a", reader.next().orElseThrow().name());
    TarReader.Entry b = reader.next().orElseThrow(); // "a" skipped unread
    assertEquals("b", b.name());
    assertEquals("bee", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
    assertFalse(reader.next().isPresent());
  }
}
