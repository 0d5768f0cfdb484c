package dev.berth.agent.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock docker CLI (28.x) on the agent's image endpoints: import, images, inspect, history, tag, rmi, prune, save, load. */
@Tag("root")
class ImageCliCompatibilityAsRootTest {
  @TempDir Path dir;
  private ImageApi api;
  private DockerCli docker;
  private Path tar;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
    api = new ImageApi(dir.resolve("agent"));
    docker = new DockerCli(api);
    tar = TestImages.busyboxRootfsTar(dir, "bb");
  }

  @AfterEach
  void stop() throws Exception {
    if (docker != null) {
      docker.close();
      api.close();
    }
  }

  @Test
  void importFromAFileAndFromStdinWithChangesAndMessage() throws Exception {
    String id = docker.run("import", "--change", "CMD [\"/bin/sh\"]", "--change", "ENV A=1", "--message",
        "first import", tar.toString(), "bb:1").strip();
    assertTrue(id.matches("sha256:[a-f0-9]{64}"), id);
    String fromStdin = docker.run(tar, null, "import", "-", "localhost:5000/team/bb:2").strip();
    assertTrue(fromStdin.matches("sha256:[a-f0-9]{64}"), fromStdin);

    JsonNode inspect = new ObjectMapper().readTree(docker.run("image", "inspect", "bb:1")).get(0);
    assertEquals(id, inspect.get("Id").asText());
    assertEquals("first import", inspect.get("Comment").asText());
    assertEquals("[\"A=1\"]", inspect.at("/Config/Env").toString());
    assertEquals("[\"/bin/sh\"]", inspect.at("/Config/Cmd").toString());
    assertEquals(fromStdin, docker.run("image", "inspect", "--format", "{{.Id}}", "localhost:5000/team/bb:2").strip());
    assertTrue(docker.fails("image", "inspect", "nope").contains("No such image: nope"));

    String history = docker.run("history", "--no-trunc", "bb:1");
    assertTrue(history.contains("first import"), history);
    assertTrue(history.contains(id), history);
  }

  @Test
  void imagesListsWithEveryOption() throws Exception {
    String first = docker.run("import", tar.toString(), "bb:1").strip();
    String second = docker.run("import", tar.toString(), "localhost:5000/a/b:t").strip();

    String plain = docker.run("images");
    assertTrue(plain.startsWith("REPOSITORY"), plain);
    assertTrue(plain.matches("(?s).*\\nbb\\s+1\\s+" + first.substring(7, 19) + "\\s.*"), plain);
    assertTrue(plain.contains("localhost:5000/a/b"), plain);
    assertEquals(List.of(second.substring(7, 19), first.substring(7, 19)), lines(docker.run("images", "-q")));
    assertEquals(2, lines(docker.run("images", "-a", "-q")).size());
    assertTrue(docker.run("images", "--digests").contains("DIGEST"));
    assertEquals(List.of(first.substring(7, 19)), lines(docker.run("images", "-q", "-f", "reference=bb:*")));
    assertEquals(List.of(), lines(docker.run("images", "-q", "-f", "dangling=true")));
    assertTrue(docker.fails("images", "-f", "colour=red").contains("invalid filter 'colour'"));
  }

  @Test
  void aMovedTagLeavesADanglingImageThatPruneRemoves() throws Exception {
    String old = docker.run("import", tar.toString(), "bb:1").strip();
    String newer = docker.run("import", "--change", "ENV V=2", tar.toString(), "bb:1").strip();

    assertEquals(List.of(old.substring(7, 19)), lines(docker.run("images", "-q", "-f", "dangling=true")));
    assertTrue(docker.run("images").contains("<none>"));
    String pruned = docker.run("image", "prune", "-f");
    assertTrue(pruned.contains("deleted: " + old), pruned);
    assertTrue(pruned.contains("Total reclaimed space"), pruned);
    assertEquals(List.of(newer.substring(7, 19)), lines(docker.run("images", "-q", "-a")));

    String all = docker.run("image", "prune", "-a", "-f");
    assertTrue(all.contains("untagged: bb:1"), all);
    assertEquals(List.of(), lines(docker.run("images", "-q", "-a")));
  }

  @Test
  void tagAndRemoveSeveralForcedOrNot() throws Exception {
    String id = docker.run("import", tar.toString(), "bb:1").strip();
    docker.run("tag", "bb:1", "other/x:2");
    docker.run("tag", id.substring(7, 19), "localhost:5000/y");

    String conflict = docker.fails("rmi", id.substring(7, 19));
    assertTrue(conflict.contains("(must be forced) - image is referenced in multiple repositories"), conflict);
    String several = docker.run("rmi", "other/x:2", "localhost:5000/y");
    assertTrue(several.contains("Untagged: other/x:2") && several.contains("Untagged: localhost:5000/y:latest"),
        several);
    String partly = docker.fails("rmi", "nope", "bb:1");
    assertTrue(partly.contains("No such image: nope:latest"), partly);
    assertTrue(partly.contains("Deleted: " + id), partly);

    String again = docker.run("import", tar.toString(), "bb:1").strip();
    docker.run("tag", "bb:1", "bb:2");
    String forced = docker.run("rmi", "-f", "--no-prune", again);
    assertTrue(forced.contains("Untagged: bb:1") && forced.contains("Untagged: bb:2"), forced);
    assertTrue(forced.contains("Deleted: " + again), forced);
  }

  @Test
  void saveThenLoadRoundTripsToTheSameId() throws Exception {
    String id = docker.run("import", tar.toString(), "bb:1").strip();
    Path file = dir.resolve("saved.tar");
    docker.run("save", "-o", file.toString(), "bb:1");
    Path stdout = dir.resolve("stdout.tar");
    docker.run(null, stdout, "save", "bb:1");
    assertTrue(Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(stdout)), "same archive both ways");
    TestImages.run(List.of("gzip", "-k", stdout.toString()));

    try (ImageApi other = new ImageApi(dir.resolve("other")); DockerCli otherDocker = new DockerCli(other)) {
      assertTrue(otherDocker.run("load", "-i", file.toString()).contains("Loaded image: bb:1"));
      assertEquals(id, otherDocker.run("image", "inspect", "--format", "{{.Id}}", "bb:1").strip());
      otherDocker.run("rmi", "bb:1");
      String fromStdin = otherDocker.run(Path.of(stdout + ".gz"), null, "load");
      assertTrue(fromStdin.contains("Loaded image: bb:1"), fromStdin);
      assertEquals(id, otherDocker.run("image", "inspect", "--format", "{{.Id}}", "bb:1").strip());
      String untagged = otherDocker.run("load", "-i", file.toString());
      assertFalse(untagged.contains("renaming"), "loading the same image again moves no tag: " + untagged);
      assertTrue(otherDocker.fails("load", "-i", tar.toString()).contains("not an image archive"));
    }
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
