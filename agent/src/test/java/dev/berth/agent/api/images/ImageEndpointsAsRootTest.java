package dev.berth.agent.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.CapturedResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each image endpoint through the agent's router, on real storage (imports unpack layers: root). */
@Tag("root")
class ImageEndpointsAsRootTest {
  @TempDir java.nio.file.Path dir;
  private ImageApi api;

  @BeforeEach
  void start() throws Exception {
    api = new ImageApi(dir);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void importStreamsJsonMessagesEndingInTheNewId() throws Exception {
    String id = api.importBusybox("bb", "1", "CMD [\"/bin/sh\"]", "ENV A=1", "LABEL tier=base");

    assertTrue(id.matches("sha256:[a-f0-9]{64}"), id);
    JsonNode inspect = api.json("GET", "/v1.47/images/bb:1/json");
    assertEquals(id, inspect.get("Id").asText());
    assertEquals("Imported from -", inspect.get("Comment").asText());
    assertEquals("[\"/bin/sh\"]", inspect.at("/Config/Cmd").toString());
    assertEquals("base", inspect.at("/Config/Labels/tier").asText());
  }

  @Test
  void importRefusesABadChangeOrABadRepoBeforeReadingTheBody() throws Exception {
    CapturedResponse badChange = api.call("POST", "/images/create?fromSrc=-&changes=FOO%20bar", new byte[] {1});
    assertEquals(400, badChange.status);
    assertEquals("FOO is not a valid change command", badChange.json().get("message").asText());

    CapturedResponse badTag = api.call("POST", "/images/create?fromSrc=-&repo=bb&tag=-x", new byte[0]);
    assertEquals(400, badTag.status);
    assertEquals("invalid tag format", badTag.json().get("message").asText());

    CapturedResponse digest = api.call("POST", "/images/create?fromSrc=-&repo=bb@sha256:"
        + "a".repeat(64), new byte[0]);
    assertEquals("cannot import digest reference", digest.json().get("message").asText());
  }

  @Test
  void importOfSomethingThatIsNotATarIsAPlainError() throws Exception {
    CapturedResponse response = api.call("POST", "/images/create?fromSrc=-", "not a tar at all".repeat(100).getBytes());

    assertEquals(500, response.status, response.text());
    assertTrue(response.json().has("message"));
    assertTrue(api.json("GET", "/images/json?all=1").isEmpty());
  }

  @Test
  void listHasDockersShapeAndFilters() throws Exception {
    String first = api.importBusybox("bb", "1", "LABEL tier=base");
    Thread.sleep(1100); // created times in whole seconds must differ for before/since
    String second = api.importBusybox("localhost:5000/team/app", "2");

    JsonNode all = api.json("GET", "/v1.47/images/json");
    assertEquals(2, all.size());
    JsonNode newest = all.get(0);
    assertEquals(second, newest.get("Id").asText());
    for (String field : List.of("Id", "ParentId", "RepoTags", "RepoDigests", "Created", "Size", "SharedSize",
        "Labels", "Containers")) {
      assertTrue(newest.has(field), field);
    }
    assertEquals("[\"localhost:5000/team/app:2\"]", newest.get("RepoTags").toString());
    assertEquals("[]", newest.get("RepoDigests").toString());

    assertEquals(first, single(api.json("GET", "/images/json?filters="
        + ImageApi.encode("{\"label\":{\"tier=base\":true}}"))));
    assertEquals(second, single(api.json("GET", "/images/json?filters="
        + ImageApi.encode("{\"reference\":[\"localhost:5000/team/*\"]}"))));
    assertEquals(first, single(api.json("GET", "/images/json?filters="
        + ImageApi.encode("{\"before\":{\"localhost:5000/team/app:2\":true}}"))));
    assertEquals(second, single(api.json("GET", "/images/json?digests=1&filters="
        + ImageApi.encode("{\"since\":{\"bb:1\":true}}"))));
    assertEquals(0, api.json("GET", "/images/json?filters=" + ImageApi.encode("{\"dangling\":{\"true\":true}}"))
        .size());
  }

  @Test
  void listRefusesUnknownOrMalformedFilters() throws Exception {
    assertError(400, "invalid filter 'colour'", api.call("GET", "/images/json?filters="
        + ImageApi.encode("{\"colour\":{\"red\":true}}")));
    assertError(400, "invalid filter 'dangling=[maybe]'", api.call("GET", "/images/json?filters="
        + ImageApi.encode("{\"dangling\":[\"maybe\"]}")));
    assertError(400, "invalid filter", api.call("GET", "/images/json?filters=%7Bnot-json"));
    assertError(404, "No such image: nope", api.call("GET", "/images/json?filters="
        + ImageApi.encode("{\"before\":[\"nope\"]}")));
  }

  @Test
  void inspectHasDockersShapeByAnyName() throws Exception {
    String id = api.importBusybox("localhost:5000/a/b", "t", "ENV A=1", "WORKDIR /srv");

    JsonNode inspect = api.json("GET", "/v1.47/images/localhost:5000/a/b:t/json");
    assertEquals(id, inspect.get("Id").asText());
    assertEquals("[\"localhost:5000/a/b:t\"]", inspect.get("RepoTags").toString());
    assertEquals("", inspect.get("Parent").asText());
    assertTrue(inspect.get("Created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"),
        inspect.get("Created").asText());
    assertFalse(inspect.get("Created").asText().matches(".*\\.\\d*0Z"), "trailing zeros trimmed as Go does");
    assertEquals("linux", inspect.get("Os").asText());
    assertEquals("overlay2", inspect.at("/GraphDriver/Name").asText());
    assertTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of(inspect.at("/GraphDriver/Data/UpperDir").asText())));
    assertEquals("layers", inspect.at("/RootFS/Type").asText());
    assertEquals(1, inspect.at("/RootFS/Layers").size());
    assertTrue(inspect.get("Size").asLong() > 500_000);
    assertEquals("0001-01-01T00:00:00Z", inspect.at("/Metadata/LastTagTime").asText());
    JsonNode config = inspect.get("Config");
    List<String> fields = new ArrayList<>();
    config.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "Tty",
        "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint", "OnBuild", "Labels"),
        fields);
    assertEquals("/srv", config.get("WorkingDir").asText());
    assertTrue(config.get("Cmd").isNull());
    for (String field : List.of("VirtualSize", "Container", "ContainerConfig")) {
      assertFalse(inspect.has(field), field + " is gone in API 1.47");
    }

    String hex = id.substring(7);
    assertEquals(id, api.json("GET", "/images/" + hex.substring(0, 12) + "/json").get("Id").asText());
    assertEquals(id, api.json("GET", "/images/" + id + "/json").get("Id").asText());
    assertEquals(id, api.json("GET", "/images/" + hex + "/json").get("Id").asText());
  }

  @Test
  void missingOrInvalidNamesAreAnsweredInDockersWords() throws Exception {
    assertError(404, "No such image: nope:latest", api.call("GET", "/images/nope/json"));
    assertError(404, "No such image: nope:1", api.call("GET", "/images/library/nope:1/history"));
    assertError(404, "No such image: sha256:" + "a".repeat(64), api.call("GET", "/images/" + "a".repeat(64) + "/json"));
    assertError(404, "No such image: nope:latest", api.call("DELETE", "/images/nope"));
    assertError(404, "No such image: nope:latest", api.call("POST", "/images/nope/tag?repo=x"));
    assertError(400, "invalid reference format: repository name (library/UPPER) must be lowercase",
        api.call("GET", "/images/UPPER/json"));
  }

  @Test
  void historyListsTheImportStep() throws Exception {
    String id = api.importBusybox("bb", "1");

    JsonNode history = api.json("GET", "/images/bb:1/history");
    assertEquals(1, history.size());
    JsonNode row = history.get(0);
    assertEquals(id, row.get("Id").asText());
    assertEquals("[\"bb:1\"]", row.get("Tags").toString());
    assertEquals("Imported from -", row.get("Comment").asText());
    assertEquals("", row.get("CreatedBy").asText());
    assertTrue(row.get("Created").isNumber());
    assertEquals(api.json("GET", "/images/bb:1/json").get("Size").asLong(), row.get("Size").asLong());
  }

  @Test
  void tagAnswers201AndRefusesBadTargets() throws Exception {
    String id = api.importBusybox("bb", "1");

    CapturedResponse tagged = api.call("POST", "/v1.47/images/bb:1/tag?repo=docker.io%2Flibrary%2Fcopy&tag=2");
    assertEquals(201, tagged.status);
    assertEquals("", tagged.text());
    assertEquals(id, api.json("GET", "/images/copy:2/json").get("Id").asText());
    assertEquals(201, api.call("POST", "/images/" + id.substring(7, 19) + "/tag?repo=localhost:5000/x").status);
    assertEquals(id, api.json("GET", "/images/localhost:5000/x:latest/json").get("Id").asText());

    assertError(400, "invalid tag format", api.call("POST", "/images/bb:1/tag?repo=y&tag=.bad"));
    assertError(400, "refusing to create an ambiguous tag using digest algorithm as name",
        api.call("POST", "/images/bb:1/tag?repo=sha256&tag=x"));
  }

  @Test
  void removeUntagsThenDeletesAndReportsConflicts() throws Exception {
    String id = api.importBusybox("bb", "1");
    api.call("POST", "/images/bb:1/tag?repo=other&tag=2");

    assertError(409, "conflict: unable to delete " + id.substring(7, 19)
        + " (must be forced) - image is referenced in multiple repositories", api.call("DELETE", "/images/" + id));
    assertEquals("[{\"Untagged\":\"other:2\"}]", api.call("DELETE", "/v1.47/images/other:2").text());
    JsonNode removed = api.json("DELETE", "/images/bb:1?noprune=1");
    assertEquals("bb:1", removed.get(0).get("Untagged").asText());
    assertEquals(id, removed.get(1).get("Deleted").asText());
    assertTrue(api.json("GET", "/images/json?all=1").isEmpty());
  }

  @Test
  void forcedRemovalByIdUntagsEveryRepository() throws Exception {
    String id = api.importBusybox("bb", "1");
    api.call("POST", "/images/bb:1/tag?repo=other&tag=2");

    JsonNode removed = api.json("DELETE", "/images/" + id.substring(7, 19) + "?force=1");

    assertEquals("bb:1", removed.get(0).get("Untagged").asText());
    assertEquals("other:2", removed.get(1).get("Untagged").asText());
    assertEquals(id, removed.get(2).get("Deleted").asText());
    assertEquals(4, removed.size(), "the layer is deleted too: " + removed);
  }

  @Test
  void pruneRemovesWhatATagMovedAwayFrom() throws Exception {
    String old = api.importBusybox("bb", "1");
    String newer = api.importBusybox("bb", "1", "ENV V=2");
    JsonNode dangling = api.json("GET", "/images/json?filters=" + ImageApi.encode("{\"dangling\":[\"true\"]}"));
    assertEquals(old, single(dangling));
    assertEquals("[]", dangling.get(0).get("RepoTags").toString());

    JsonNode pruned = api.json("POST", "/v1.47/images/prune?filters="
        + ImageApi.encode("{\"dangling\":{\"true\":true}}"));

    assertEquals(old, pruned.at("/ImagesDeleted/0/Deleted").asText());
    assertTrue(pruned.get("SpaceReclaimed").asLong() >= 0);
    assertEquals(newer, single(api.json("GET", "/images/json?all=1")));
    JsonNode nothing = api.json("POST", "/images/prune");
    assertTrue(nothing.get("ImagesDeleted").isNull());
    assertEquals(0, nothing.get("SpaceReclaimed").asLong());
    assertTrue(api.json("POST", "/images/prune?filters=" + ImageApi.encode("{\"until\":[\"24h\"]}"))
        .get("ImagesDeleted").isNull(), "nothing is a day old");
    JsonNode all = api.json("POST", "/images/prune?filters=" + ImageApi.encode("{\"dangling\":{\"false\":true}}"));
    assertEquals("bb:1", all.at("/ImagesDeleted/0/Untagged").asText());
    assertTrue(api.json("GET", "/images/json?all=1").isEmpty());
  }

  @Test
  void pruneRefusesUnknownFilters() throws Exception {
    assertError(400, "invalid filter 'reference'", api.call("POST", "/images/prune?filters="
        + ImageApi.encode("{\"reference\":{\"x\":true}}")));
    assertError(400, "invalid filter 'dangling=[maybe]'", api.call("POST", "/images/prune?filters="
        + ImageApi.encode("{\"dangling\":{\"maybe\":true}}")));
  }

  @Test
  void saveStreamsATarThatLoadsBackToTheSameId() throws Exception {
    String id = api.importBusybox("bb", "1");
    CapturedResponse saved = api.call("GET", "/v1.47/images/get?names=bb%3A1");
    assertEquals(200, saved.status);
    assertEquals("application/x-tar", saved.header("Content-Type"));
    assertEquals(null, saved.header("Content-Length"), "streamed");
    CapturedResponse byPath = api.call("GET", "/images/bb:1/get");
    assertEquals(saved.bytes.size(), byPath.bytes.size());

    try (ImageApi other = new ImageApi(dir.resolve("other"))) {
      CapturedResponse loaded = other.call("POST", "/v1.47/images/load?quiet=0", saved.bytes.toByteArray());
      assertEquals(200, loaded.status);
      assertEquals("application/json", loaded.header("Content-Type"));
      List<JsonNode> lines = ImageApi.lines(loaded);
      assertEquals("Loaded image: bb:1\n", lines.get(lines.size() - 1).get("stream").asText());
      assertEquals("Loading layer", lines.get(0).get("status").asText());
      assertEquals(id, other.json("GET", "/images/bb:1/json").get("Id").asText());
    }
  }

  @Test
  void saveOfAMissingImageIs404BeforeAnyByte() throws Exception {
    api.importBusybox("bb", "1");
    assertError(404, "reference does not exist", api.call("GET", "/images/get?names=bb:1&names=bb:2"));
    assertError(404, "No such image: nope", api.call("GET", "/images/nope/get"));
  }

  @Test
  void aFailedLoadEndsItsStreamWithAnError() throws Exception {
    CapturedResponse response = api.call("POST", "/images/load", "garbage".repeat(200).getBytes());

    assertEquals(200, response.status, "dockerd reports load failures inside the stream");
    JsonNode error = ImageApi.lines(response).get(0);
    assertEquals(error.get("error").asText(), error.at("/errorDetail/message").asText());
    assertFalse(error.get("error").asText().isEmpty());
  }

  @Test
  void aPullFromAnUnreachableRegistryEndsWithAClearError() throws Exception {
    CapturedResponse response = api.call("POST", "/images/create?fromImage=127.0.0.1:9/nothing/here&tag=1");
    String text = response.text();
    assertTrue(response.status >= 400 || text.contains("\"error\""), text);
    assertTrue(text.contains("cannot reach registry"), text);
  }

  private static String single(JsonNode rows) {
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0).get("Id").asText();
  }

  private static void assertError(int status, String message, CapturedResponse response) throws Exception {
    assertEquals(status, response.status, response.text());
    assertEquals(message, response.json().get("message").asText());
  }
}
