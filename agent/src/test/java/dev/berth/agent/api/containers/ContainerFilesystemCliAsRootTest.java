package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stock docker CLI on a container's files: export/import, diff, commit, cp both ways, on real runc containers. */
@Tag("root")
class ContainerFilesystemCliAsRootTest extends CliOnAgentTest {
  @Test
  void exportedFilesystemImportsAsAnImageThatRuns() throws Exception {
    docker.run("run", "--name", "src", "busybox", "sh", "-c", "echo data > /made; ln /made /made-too; mkfifo /pipe");
    Path tar = dir.resolve("export.tar");
    docker.run(null, tar, "export", "src");
    List<String> names = TestImages.run(List.of("tar", "-tvf", tar.toString())).lines().toList();
    assertTrue(names.stream().anyMatch(l -> l.endsWith(" bin/busybox")), names.toString());
    assertTrue(names.stream().anyMatch(l -> l.startsWith("h") && l.endsWith("made-too link to made")), names.toString());
    assertTrue(names.stream().anyMatch(l -> l.startsWith("p") && l.endsWith(" pipe")), names.toString());
    assertTrue(names.stream().anyMatch(l -> l.startsWith("d") && l.endsWith(" proc/")), "the mount point is there");
    assertFalse(names.stream().anyMatch(l -> l.contains(" proc/") && !l.endsWith(" proc/")), "but not /proc's content");

    String id = docker.run("import", tar.toString(), "berth-fs-exported:1").strip();
    assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
    assertEquals("data", docker.run("run", "--rm", "berth-fs-exported:1", "cat", "/made-too").strip());
  }

  @Test
  void diffListsAddedChangedAndDeletedPaths() throws Exception {
    docker.run("run", "--name", "changer", "busybox", "sh", "-c",
        "echo x > /new; echo more >> /etc/passwd; rm /etc/hostname; mkdir -p /d/e; touch /d/e/f");
    assertEquals(List.of("A /d", "A /d/e", "A /d/e/f", "C /etc", "D /etc/hostname", "C /etc/passwd", "A /new"),
        lines(docker.run("diff", "changer")));
    docker.run("create", "--name", "untouched", "busybox", "true");
    assertEquals(List.of(), lines(docker.run("diff", "untouched")), "runc's mount points are not changes");
  }

  @Test
  void commitKeepsTheChangesAppliesChangeInstructionsAndRecordsTheMessage() throws Exception {
    docker.run("run", "-d", "--name", "committed", "busybox", "sh", "-c",
        "echo hello > /greeting; rm /etc/hostname; sleep 30");
    waitFor(() -> docker.run("diff", "committed").contains("A /greeting"));
    String id = docker.run("commit", "-c", "CMD [\"echo\",\"hi\"]", "-m", "a message", "-a", "Ann <ann@example.com>",
        "committed", "berth-fs-committed:1").strip();
    assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
    assertEquals("running", docker.run("inspect", "--format", "{{.State.Status}}", "committed").strip(),
        "thawed after the commit");
    assertEquals("hi", docker.run("run", "--rm", "berth-fs-committed:1").strip());
    assertEquals("hello", docker.run("run", "--rm", "berth-fs-committed:1", "cat", "/greeting").strip());
    assertTrue(docker.fails("run", "--rm", "berth-fs-committed:1", "cat", "/etc/hostname").contains("No such file"),
        "the deletion is a whiteout in the new layer");
    String history = docker.run("history", "--no-trunc", "berth-fs-committed:1");
    assertTrue(history.contains("a message"), history);
    assertEquals("Ann <ann@example.com>", docker.run("image", "inspect", "--format", "{{.Author}}",
        "berth-fs-committed:1").strip());

    String dangling = docker.run("commit", "--pause=false", "committed").strip();
    assertTrue(docker.run("images", "-q", "--no-trunc", "--filter", "dangling=true").contains(dangling));
  }

  @Test
  void copiesFilesAndDirectoriesIntoARunningContainerAndOutOfAStoppedOne() throws Exception {
    docker.run("run", "-d", "--name", "cp", "busybox", "sh", "-c",
        "mkdir /data; while [ ! -f /data/tree/sub/leaf ]; do sleep 0.1; done; cat /data/note.txt /data/tree/sub/leaf");
    Path note = Files.writeString(dir.resolve("note.txt"), "a note\n");
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    Files.writeString(tree.resolve("leaf"), "a leaf\n");
    Files.createSymbolicLink(dir.resolve("tree/link"), Path.of("sub/leaf"));
    waitFor(() -> docker.result("cp", note.toString(), "cp:/data/").exit() == 0);
    docker.run("cp", dir.resolve("tree").toString(), "cp:/data/tree");
    docker.run("wait", "cp");
    assertEquals(List.of("a note", "a leaf"), lines(docker.run("logs", "cp")), "the running container saw both");

    Path out = Files.createDirectories(dir.resolve("out"));
    docker.run("cp", "cp:/data/note.txt", out.resolve("copied.txt").toString());
    assertEquals("a note\n", Files.readString(out.resolve("copied.txt")));
    docker.run("cp", "cp:/data/tree", out.resolve("tree").toString());
    assertEquals("a leaf\n", Files.readString(out.resolve("tree/sub/leaf")));
    assertEquals(Path.of("sub/leaf"), Files.readSymbolicLink(out.resolve("tree/link")));
    docker.run("cp", "cp:/data/tree/.", out.resolve("contents").toString());
    assertTrue(Files.isDirectory(out.resolve("contents/sub")));
    String missing = docker.fails("cp", "cp:/data/nothing", out.toString());
    assertTrue(missing.contains("Could not find the file /data/nothing in container cp"), missing);
  }

  @Test
  void symlinksInTheContainerNeverLeadOutOfIt() throws Exception {
    String marker = "berth-escape-" + UUID.randomUUID();
    Path hostMarker = Path.of("/", marker);
    try {
      docker.run("run", "--name", "links", "busybox", "sh", "-c",
          "ln -s / /escape; ln -s ../../../../../../../../etc /up; ln -s /etc/passwd /pw; mkdir /in");
      Path out = Files.createDirectories(dir.resolve("out"));
      docker.run("cp", "links:/escape/etc/passwd", out.resolve("a").toString());
      docker.run("cp", "links:/up/passwd", out.resolve("b").toString());
      docker.run("cp", "-L", "links:/pw", out.resolve("c").toString());
      for (String copy : List.of("a", "b", "c")) {
        assertTrue(Files.readString(out.resolve(copy)).contains("app:x:1000:1000"), "the container's passwd, not the host's");
      }

      Path file = Files.writeString(dir.resolve(marker), "inside\n");
      docker.run("cp", file.toString(), "links:/escape/");
      docker.run("cp", file.toString(), "links:/up/");
      assertFalse(Files.exists(hostMarker), "nothing written on the host's /");
      docker.run("cp", "links:/" + marker, out.resolve("back").toString());
      assertEquals("inside\n", Files.readString(out.resolve("back")));
      docker.run("cp", "links:/etc/" + marker, out.resolve("back2").toString());
      assertEquals("inside\n", Files.readString(out.resolve("back2")));
    } finally {
      Files.deleteIfExists(hostMarker);
      Files.deleteIfExists(Path.of("/etc", marker));
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check) throws Exception {
    for (int i = 0; i < 100 && !check.ok(); i++) {
      Thread.sleep(50);
    }
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
