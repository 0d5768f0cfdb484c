package dev.berth.control.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.api.ApiProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The context the control plane assembles, read back by the system's GNU tar: an uploaded tar
 * (plain or gzip) merged with single files and a typed Dockerfile, which wins over the tar's; long
 * names; refusals of what is not a tar and of bzip2/xz tars that would need merging.
 */
class ContextArchiveTest {
  @TempDir Path dir;

  @Test
  void mergesAnUploadedTarWithFilesAndATypedDockerfile() throws Exception {
    Path source = Files.createDirectories(dir.resolve("source/sub"));
    Files.writeString(source.resolveSibling("Dockerfile"), "FROM old\n");
    Files.writeString(source.resolve("kept.txt"), "kept\n");
    Path upload = dir.resolve("upload.tar.gz");
    run("tar", "-czf", upload.toString(), "-C", dir.resolve("source").toString(), ".");
    String longName = "deep/" + "x".repeat(120) + ".txt";

    ByteArrayOutputStream merged = new ByteArrayOutputStream();
    try (ContextArchive archive = new ContextArchive(merged)) {
      archive.copyEntries(Files.newInputStream(upload));
      archive.addFile("added.txt", "added\n".getBytes(StandardCharsets.UTF_8));
      archive.addFile(longName, "long\n".getBytes(StandardCharsets.UTF_8));
      archive.addFile("Dockerfile", "FROM new\n".getBytes(StandardCharsets.UTF_8));
    }
    Path tar = dir.resolve("merged.tar");
    Files.write(tar, merged.toByteArray());
    Path out = Files.createDirectories(dir.resolve("out"));
    run("tar", "-xf", tar.toString(), "-C", out.toString());
    assertEquals("FROM new\n", Files.readString(out.resolve("Dockerfile")));
    assertEquals("kept\n", Files.readString(out.resolve("sub/kept.txt")));
    assertEquals("added\n", Files.readString(out.resolve("added.txt")));
    assertEquals("long\n", Files.readString(out.resolve(longName)));
  }

  @Test
  void refusesWhatIsNotATarAndTarsItCannotMerge() throws Exception {
    ApiProblem notTar = assertThrows(ApiProblem.class, () -> new ContextArchive(OutputStream.nullOutputStream())
        .copyEntries(new ByteArrayInputStream("not a tar ".repeat(100).getBytes(StandardCharsets.UTF_8))));
    assertTrue(notTar.getMessage().contains("not a tar archive"), notTar.getMessage());
    Files.writeString(dir.resolve("f"), "f\n");
    Path xz = dir.resolve("context.tar.xz");
    run("tar", "-cJf", xz.toString(), "-C", dir.toString(), "f");
    ApiProblem compressed = assertThrows(ApiProblem.class, () -> new ContextArchive(OutputStream.nullOutputStream())
        .copyEntries(Files.newInputStream(xz)));
    assertTrue(compressed.getMessage().contains("bzip2 or xz"), compressed.getMessage());
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
  }
}
