package dev.berth.control.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import dev.berth.testsupport.TreeSnapshot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backups through the control plane with two real agent processes: backup → delete the volume →
 * restore gives the identical tree, on the same host and on another; the download is a plain
 * {@code tar --zstd} archive; a corrupted upload is refused with the target untouched.
 */
@io.quarkus.test.junit.QuarkusTest
class BackupTest {
  private static final String FIRST = "backup-agent-a";
  private static final String SECOND = "backup-agent-b";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void aBackupRestoresTheSameTreeOnItsHostAndAnotherAndBadArchivesAreRefused() throws Exception {
    try (AgentProcess first = AgentProcess.startOnline(controlPlane, FIRST);
        AgentProcess second = AgentProcess.startOnline(controlPlane, SECOND)) {
      DockerCli docker = new DockerCli(controlPlane, FIRST);
      docker.ok("volume", "create", "--label", "app=db", "bk-vol");
      Path data = first.dataDir().resolve("volumes/bk-vol/_data");
      seed(data);
      List<String> tree = TreeSnapshot.of(data);

      JsonPath job = Admin.api().contentType("application/json")
          .body(Map.of("host", FIRST, "volume", "bk-vol", "mode", "pause"))
          .post("/api/v1/backups?wait=60").then().statusCode(200).extract().jsonPath();
      assertEquals("succeeded", job.getString("state"), job.prettify());
      String id = job.getString("id");
      JsonPath listed = Admin.api().get("/api/v1/backups?host=" + FIRST + "&volume=bk-vol").then().statusCode(200)
          .extract().jsonPath();
      assertEquals(List.of(id), listed.getList("id"));
      assertEquals("db", listed.getString("[0].labels.app"));
      assertEquals(7, listed.getLong("[0].files"));
      assertEquals("pause", listed.getString("[0].mode"));
      byte[] archive = Admin.api().get("/api/v1/backups/" + id + "/archive").then().statusCode(200).extract().asByteArray();
      assertEquals(listed.getString("[0].sha256"), sha256(archive));
      Path file = Files.write(Files.createTempFile("backup", ".tar.zst"), archive);
      Process tar = new ProcessBuilder("tar", "--zstd", "-tf", file.toString()).redirectErrorStream(true).start();
      String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, tar.waitFor(), listing);
      assertTrue(listing.contains("./sub/notes"), listing);

      docker.ok("volume", "rm", "bk-vol");
      restore(id, FIRST, "bk-vol", false).then().statusCode(200);
      assertEquals(tree, TreeSnapshot.of(data), "restored on its own host");
      restore(id, SECOND, "bk-copy", false).then().statusCode(200);
      assertEquals(tree, TreeSnapshot.of(second.dataDir().resolve("volumes/bk-copy/_data")), "restored on another host");
      restore(id, FIRST, "bk-vol", false).then().statusCode(409).contentType("application/problem+json");

      byte[] corrupt = archive.clone();
      corrupt[corrupt.length / 3] ^= 0x5a;
      String bad = Admin.api().contentType("application/zstd").body(corrupt)
          .post("/api/v1/backups/upload?volume=bk-copy").then().statusCode(201).extract().jsonPath().getString("id");
      Files.writeString(second.dataDir().resolve("volumes/bk-copy/_data/extra"), "x");
      List<String> before = TreeSnapshot.of(second.dataDir().resolve("volumes/bk-copy/_data"));
      String problem = restore(bad, SECOND, "bk-copy", true).then().statusCode(400).extract().asString();
      assertTrue(problem.contains("corrupt or truncated"), problem);
      assertEquals(before, TreeSnapshot.of(second.dataDir().resolve("volumes/bk-copy/_data")), "target untouched");

      Admin.api().delete("/api/v1/backups/" + bad).then().statusCode(204);
      Admin.api().get("/api/v1/backups/" + bad).then().statusCode(404);
      Admin.api().delete("/api/v1/backups/" + id).then().statusCode(204);
      assertFalse(Files.exists(file.getParent().resolve(id + ".tar.zst")));
      Files.delete(file);
    }
  }

  private static io.restassured.response.Response restore(String id, String host, String volume, boolean replace) {
    return Admin.api().contentType("application/json").body(Map.of("host", host, "volume", volume, "replace", replace))
        .post("/api/v1/backups/" + id + "/restore");
  }

  private static void seed(Path data) throws Exception {
    Path sub = Files.createDirectories(data.resolve("sub"));
    Files.writeString(data.resolve("hello"), "hello, world!");
    Files.writeString(sub.resolve("notes"), "notes");
    Files.createLink(sub.resolve("hard"), data.resolve("hello"));
    Files.createSymbolicLink(data.resolve("link"), Path.of("sub/notes"));
    Files.createDirectories(data.resolve("empty"));
    exec("chown", "1000:2000", data.resolve("hello").toString());
    exec("chmod", "2750", sub.toString());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void exec(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
  }
}
