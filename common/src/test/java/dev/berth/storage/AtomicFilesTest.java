package dev.berth.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesDataWithRequestedPermissions() throws IOException {
    Path target = dir.resolve("state/secret.json");

    AtomicFiles.write(target, bytes("{\"a\":1}"), AtomicFiles.OWNER_ONLY);

    assertEquals("{\"a\":1}", Files.readString(target));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTempFilesBehind() throws IOException {
    Path target = dir.resolve("engine-id");
    AtomicFiles.write(target, bytes("old"), PosixFilePermissions.fromString("rw-r--r--"));

    AtomicFiles.write(target, bytes("new"), PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals("new", Files.readString(target));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "only the target remains");
    }
  }

  @Test
  void readIfExistsIsEmptyForAMissingFileAndTheBytesOtherwise() throws IOException {
    Path target = dir.resolve("x");
    assertTrue(AtomicFiles.readIfExists(target).isEmpty());

    AtomicFiles.write(target, bytes("hello"), AtomicFiles.OWNER_ONLY);

    assertArrayEquals(bytes("hello"), AtomicFiles.readIfExists(target).orElseThrow());
  }

  @Test
  void createsPrivateDirectoriesOwnerOnly() throws IOException {
    Path state = AtomicFiles.createPrivateDirectories(dir.resolve("data/state"));

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
