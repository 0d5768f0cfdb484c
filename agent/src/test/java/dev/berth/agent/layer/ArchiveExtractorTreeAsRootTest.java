package dev.berth.agent.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole tree extracted with its small files made on worker threads ({@link BackgroundFiles}) ends
 * as tar would leave it: a name given twice holds the later entry, a hard link shares the file it
 * names when it comes, a directory or symlink replaced by a file is gone; and nothing escapes.
 */
@Tag("root")
class ArchiveExtractorTreeAsRootTest {
  @TempDir Path dir;

  @Test
  void laterEntriesWinAsWithTarThoughFilesAreMadeInParallel() throws IOException {
    TarBuilder tar = new TarBuilder().dir("d", 0755).file("d/x", 0644, "in d");
    for (int i = 0; i < 200; i++) {
      tar.file("many/f" + i, 0600, "file " + i);
    }
    tar.file("a", 0644, "one").file("a", 0640, "two").hardLink("h", "a")
        .file("d", 0600, "a file now").dir("e", 0755).symlink("e/l", "../a").file("e/l", 0644, "plain")
        .file("many/f7", 0644, "again");
    Path target = extract(tar.build());

    assertEquals("two", Files.readString(target.resolve("a")));
    assertEquals(0640, FileStat.of(target.resolve("a")).orElseThrow().permissions());
    assertTrue(Files.isSameFile(target.resolve("a"), target.resolve("h")));
    assertEquals("a file now", Files.readString(target.resolve("d")));
    assertTrue(Files.isRegularFile(target.resolve("e/l"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("plain", Files.readString(target.resolve("e/l")));
    assertEquals("again", Files.readString(target.resolve("many/f7")));
    assertEquals("file 199", Files.readString(target.resolve("many/f199")));
    try (Stream<Path> files = Files.list(target.resolve("many"))) {
      assertEquals(200, files.count());
    }
  }

  @Test
  void moreFilesHandedBackThanSlotsStillEndAsTarLeavesThem() throws IOException {
    TarBuilder tar = new TarBuilder().dir("s", 0755);
    int count = 150; // more than BackgroundFiles' slots: each file finds the symlink before it
    for (int i = 0; i < count; i++) {
      tar.symlink("s/" + i, "elsewhere").file("s/" + i, 0644, "file " + i);
    }
    Path target = extract(tar.build());
    for (int i = 0; i < count; i++) {
      Path file = target.resolve("s/" + i);
      assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), file.toString());
      assertEquals("file " + i, Files.readString(file));
    }
  }

  @Test
  void aFileThroughASymlinkOfTheArchiveIsRefused() throws IOException {
    Path sentinel = Files.createDirectory(dir.resolve("sentinel"));
    byte[] archive = new TarBuilder().file("fine", 0644, "ok").symlink("escape", sentinel.toString())
        .file("escape/evil", 0644, "x").build();
    UnsafeLayerException refused = assertThrows(UnsafeLayerException.class, () -> extract(archive));
    assertTrue(refused.getMessage().contains("escape/evil"), refused.getMessage());
    try (Stream<Path> entries = Files.list(sentinel)) {
      assertEquals(0, entries.count(), "something was written outside the target");
    }
  }

  private Path extract(byte[] archive) throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    try (DirectoryHandle handle = DirectoryHandle.open(target)) {
      ArchiveExtractor.extractTree(new ByteArrayInputStream(archive), handle);
    }
    return target;
  }
}
