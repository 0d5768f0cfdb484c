package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.api.CapturedResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The container filesystem endpoints through the router on real runc containers: shapes, headers and dockerd's errors. */
@Tag("root")
class ContainerFilesystemEndpointsAsRootTest extends EndpointsOnAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void archiveHeadAndGetAnswerTheStatHeaderAndEntriesNamedAfterThePath() throws Exception {
    api.run("st", "echo 12345 > /f; ln -s /f /lf; ln -s /nowhere/x /broken; mkdir -m 1777 /t; touch /t/in");
    api.json("POST", "/v1.47/containers/st/wait");

    JsonNode file = stat("st", "/f");
    assertEquals("f", file.get("name").asText());
    assertEquals(6, file.get("size").asLong());
    assertEquals(0644, file.get("mode").asLong());
    assertEquals("", file.get("linkTarget").asText());
    assertTrue(file.get("mtime").asText().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"), file.toString());
    JsonNode link = stat("st", "/lf");
    assertEquals((1L << 27) | 0777, link.get("mode").asLong());
    assertEquals("/f", link.get("linkTarget").asText());
    assertEquals("/nowhere/x", stat("st", "/broken").get("linkTarget").asText());
    assertEquals((1L << 31) | (1L << 20) | 0777, stat("st", "/t").get("mode").asLong());
    assertEquals("t", stat("st", "/t/").get("name").asText());
    assertEquals("/", stat("st", "/").get("name").asText());

    assertEquals(List.of("f"), entries(api.call("GET", archive("st", "/f"))));
    assertEquals(List.of("lf"), entries(api.call("GET", archive("st", "/lf"))), "a symlink is copied as itself");
    assertEquals(List.of("t/", "t/in"), entries(api.call("GET", archive("st", "/t"))));
    assertEquals(List.of("./", "./in"), entries(api.call("GET", archive("st", "/t/."))));
    CapturedResponse tar = api.call("GET", archive("st", "f"));
    assertEquals("application/x-tar", tar.header("Content-Type"));
    assertEquals(200, api.call("HEAD", archive("st", "/f")).status);

    assertError(404, "Could not find the file /missing in container st", api.call("GET", archive("st", "/missing")));
    assertEquals(404, api.call("HEAD", archive("st", "/missing")).status);
    assertError(400, "bad parameter: path cannot be empty", api.call("GET", "/v1.47/containers/st/archive"));
    assertError(404, "No such container: nope", api.call("GET", archive("nope", "/f")));
  }

  @Test
  void putExtractsIntoADirectoryAndRefusesWhatDockerdRefusesAndEveryEscape() throws Exception {
    api.create("pt", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
    assertEquals(200, api.call("PUT", archive("pt", "/etc"), tar(Map.of("hello.txt", "hi"), 4242)).status);
    TarArchiveEntry copied = entry(api.call("GET", archive("pt", "/etc/hello.txt")));
    assertEquals(4242, copied.getLongUserId(), "owners come from the archive");

    assertError(400, "extraction point is not a directory",
        api.call("PUT", archive("pt", "/etc/passwd"), tar(Map.of("x", "x"), 0)));
    assertError(404, "Could not find the file /nowhere in container pt",
        api.call("PUT", archive("pt", "/nowhere"), tar(Map.of("x", "x"), 0)));
    CapturedResponse conflict = api.call("PUT", archive("pt", "/") + "&noOverwriteDirNonDir=true",
        tar(Map.of("etc", "not a directory"), 0));
    assertError(500, "cannot overwrite directory \"/etc\" with non-directory \"/\"", conflict);

    String marker = "berth-put-" + UUID.randomUUID();
    Path rootfs = api.settings.containersDir().resolve(api.json("GET", "/v1.47/containers/pt/json").get("Id").asText())
        .resolve("rootfs");
    try {
      assertEquals(400, api.call("PUT", archive("pt", "/"), tar(Map.of("../" + marker, "x"), 0)).status);
      assertEquals(400, api.call("PUT", archive("pt", "/"), tar(Map.of("/" + marker, "x"), 0)).status);
      byte[] throughLink = build(out -> {
        symlink(out, "out", "/");
        file(out, "out/" + marker, "x", 0);
      });
      CapturedResponse refused = api.call("PUT", archive("pt", "/"), throughLink);
      assertEquals(400, refused.status, refused.text());
      assertTrue(refused.json().get("message").asText().contains("symlink"), refused.text());
      byte[] hardLink = build(out -> {
        TarArchiveEntry link = new TarArchiveEntry(marker, TarConstants.LF_LINK);
        link.setLinkName("../../../../../../etc/passwd");
        out.putArchiveEntry(link);
        out.closeArchiveEntry();
      });
      assertEquals(400, api.call("PUT", archive("pt", "/"), hardLink).status);
      assertFalse(Files.exists(Path.of("/", marker)) || Files.exists(rootfs.getParent().resolve(marker)));
    } finally {
      Files.deleteIfExists(Path.of("/", marker));
    }

    api.create("ro", "{\"Image\":\"busybox\",\"HostConfig\":{\"ReadonlyRootfs\":true}}");
    assertError(400, "container rootfs is marked read-only", api.call("PUT", archive("ro", "/etc"), tar(Map.of("x", "x"), 0)));
  }

  @Test
  void aContainerSwappingDirectoriesForSymlinksToTheHostRootCannotRedirectACopy() throws Exception {
    String marker = "berth-race-" + UUID.randomUUID();
    Path hostFile = Path.of("/", marker);
    try {
      Files.writeString(hostFile, "host only");
      api.run("racer", "mkdir /race; while true; do mkdir /race/d; rm -rf /race/d; ln -s / /race/d; rm -f /race/d; done");
      for (int i = 0; i < 100 && api.call("HEAD", archive("racer", "/race")).status != 200; i++) {
        Thread.sleep(20);
      }
      byte[] upload = tar(Map.of("d/" + marker + "-in", "x"), 0);
      for (int i = 0; i < 60; i++) {
        api.call("PUT", archive("racer", "/race"), upload); // lands inside, or fails as the tree moves under it
        List<String> names = entries(api.call("GET", archive("racer", "/race")));
        assertFalse(names.stream().anyMatch(name -> name.endsWith(marker)), names.toString());
      }
      assertFalse(Files.exists(Path.of("/", marker + "-in")), "nothing written on the host");
    } finally {
      Files.deleteIfExists(hostFile);
      Files.deleteIfExists(Path.of("/", marker + "-in"));
    }
  }

  @Test
  void copyUidGidGivesTheFilesToTheContainersUser() throws Exception {
    api.create("owned", "{\"Image\":\"busybox\",\"User\":\"app\"}");
    assertEquals(200, api.call("PUT", archive("owned", "/etc") + "&copyUIDGID=1", tar(Map.of("mine", "m"), 4242)).status);
    TarArchiveEntry mine = entry(api.call("GET", archive("owned", "/etc/mine")));
    assertEquals(1000, mine.getLongUserId());
    assertEquals(1000, mine.getLongGroupId());
  }

  @Test
  void changesAreListedWithDockersKindsAndNullWhenNothingChanged() throws Exception {
    api.create("fresh", "{\"Image\":\"busybox\"}");
    assertEquals("null", api.call("GET", "/v1.47/containers/fresh/changes").text());
    api.run("changer", "echo x > /etc/new; rm /etc/hostname");
    api.json("POST", "/v1.47/containers/changer/wait");
    assertEquals("[{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/etc/hostname\",\"Kind\":2},{\"Path\":\"/etc/new\",\"Kind\":1}]",
        api.json("GET", "/v1.47/containers/changer/changes").toString());
    assertEquals(404, api.call("GET", "/v1.47/containers/nope/changes").status);
  }

  @Test
  void commitAnswersCreatedWithTheIdAndKeepsTheContainersConfigAndHistory() throws Exception {
    String id = api.create("cm", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"id -u\"],\"Env\":[\"A=1\"],"
        + "\"Labels\":{\"l\":\"v\"},\"WorkingDir\":\"/etc\",\"User\":\"app\"}");
    assertEquals(200, api.call("PUT", archive("cm", "/"), tar(Map.of("copied-in", "c"), 0)).status);
    CapturedResponse committed = api.call("POST", "/v1.47/commit?container=cm&repo=berth-commit&tag=v1&comment=msg"
        + "&author=me&changes=" + encode("ENV B=2") + "&changes=" + encode("EXPOSE 80"));
    assertEquals(201, committed.status, committed.text());
    String imageId = committed.json().get("Id").asText();
    assertTrue(imageId.matches("sha256:[0-9a-f]{64}"), imageId);

    JsonNode image = api.json("GET", "/v1.47/images/berth-commit:v1/json");
    assertEquals(imageId, image.get("Id").asText());
    assertEquals("[\"A=1\",\"B=2\"]", image.at("/Config/Env").toString());
    assertEquals("[\"sh\",\"-c\",\"id -u\"]", image.at("/Config/Cmd").toString());
    assertEquals("v", image.at("/Config/Labels/l").asText());
    assertEquals("/etc", image.at("/Config/WorkingDir").asText());
    assertEquals("app", image.at("/Config/User").asText());
    assertTrue(image.at("/Config/ExposedPorts").has("80/tcp"));
    assertEquals(2, image.at("/RootFS/Layers").size());
    JsonNode history = api.json("GET", "/v1.47/images/berth-commit:v1/history");
    assertEquals("msg", history.get(0).get("Comment").asText());
    assertEquals("sh -c id -u", history.get(0).get("CreatedBy").asText());

    CapturedResponse empty = api.call("POST", "/v1.47/commit?container=" + id.substring(0, 12));
    assertEquals(201, empty.status, empty.text());
    api.create("untouched", "{\"Image\":\"busybox\"}");
    String same = api.call("POST", "/v1.47/commit?container=untouched&repo=berth-empty").json().get("Id").asText();
    assertEquals(1, api.json("GET", "/v1.47/images/" + same + "/json").at("/RootFS/Layers").size(),
        "no changes: no new layer, only a history entry");

    String running = api.run("busy", "sleep 30");
    assertEquals(201, api.call("POST", "/v1.47/commit?container=busy&pause=1").status);
    String state = dev.berth.agent.image.TestImages.run(List.of(api.settings.runc().toString(),
        "--root=" + api.settings.runcRoot().toRealPath(), "state", running));
    assertTrue(state.contains("\"status\": \"running\""), "frozen for the commit, thawed after: " + state);

    assertError(404, "No such container: nope", api.call("POST", "/v1.47/commit?container=nope"));
    assertError(400, "FOO is not a valid change command", api.call("POST", "/v1.47/commit?container=cm&changes=FOO+x"));
    assertEquals(400, api.call("POST", "/v1.47/commit?container=cm&repo=UPPER").status);
  }

  @Test
  void aStoppedContainersFilesAreReachableAfterItsRootfsWasUnmounted() throws Exception {
    String id = api.run("rebooted", "echo kept > /kept");
    api.json("POST", "/v1.47/containers/rebooted/wait");
    Path rootfs = api.settings.containersDir().resolve(id).resolve("rootfs");
    dev.berth.agent.image.TestImages.run(List.of("umount", rootfs.toString()));
    CapturedResponse export = api.call("GET", "/v1.47/containers/rebooted/export");
    assertEquals(200, export.status, export.text());
    assertEquals("application/x-tar", export.header("Content-Type"));
    assertTrue(entries(export).containsAll(List.of("bin/busybox", "kept", "etc/")), entries(export).toString());
  }

  private JsonNode stat(String container, String path) throws IOException {
    CapturedResponse response = api.call("HEAD", archive(container, path));
    assertEquals(200, response.status, response.text());
    assertEquals(0, response.bytes.size(), "HEAD has no body");
    return JSON.readTree(Base64.getDecoder().decode(response.header("X-Docker-Container-Path-Stat")));
  }

  private static String archive(String container, String path) {
    return "/v1.47/containers/" + container + "/archive?path=" + encode(path);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void assertError(int status, String message, CapturedResponse response) throws IOException {
    assertEquals(status, response.status, response.text());
    assertEquals(message, response.json().get("message").asText());
  }

  private static List<String> entries(CapturedResponse response) throws IOException {
    assertEquals(200, response.status, response.text());
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(response.bytes.toByteArray()))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        names.add(entry.getName());
      }
    }
    return names;
  }

  private static TarArchiveEntry entry(CapturedResponse response) throws IOException {
    assertEquals(200, response.status, response.text());
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(response.bytes.toByteArray()))) {
      return in.getNextEntry();
    }
  }

  private interface TarContent {
    void write(TarArchiveOutputStream out) throws IOException;
  }

  private static byte[] build(TarContent content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      content.write(out);
    }
    return bytes.toByteArray();
  }

  private static byte[] tar(Map<String, String> files, long uid) throws IOException {
    return build(out -> {
      for (Map.Entry<String, String> file : new LinkedHashMap<>(files).entrySet()) {
        file(out, file.getKey(), file.getValue(), uid);
      }
    });
  }

  private static void file(TarArchiveOutputStream out, String name, String content, long uid) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(bytes.length);
    entry.setIds((int) uid, (int) uid);
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  private static void symlink(TarArchiveOutputStream out, String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    entry.setLinkName(target);
    out.putArchiveEntry(entry);
    out.closeArchiveEntry();
  }
}
