package dev.berth.control.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.Tars;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pulls from Berth's registry through a real agent (one agent for all): a second image sharing a
 * layer with one already pulled reports dockerd's {@code Already exists} for it; from an OCI index
 * the agent takes the image of its own platform; a layer whose stored bytes no longer match its
 * digest (the blob file overwritten on disk) fails the pull and stores no image.
 */
@QuarkusTest
class AgentPullFromRegistryTest {
  private static final String HOST = "registry-pulls";
  @TestHTTPResource("/") URL controlPlane;
  @Inject BlobStore blobs;

  private static byte[] layer(String name) throws Exception {
    return Tars.ofOneFile(name, (name + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
  }

  /** The JSON lines of {@code POST /images/create} for {@code image:tag}. */
  private static List<JsonObject> pull(String image, String tag) {
    String body = given().header("Authorization", "Bearer " + Admin.token())
        .post("/docker/" + HOST + "/v1.47/images/create?fromImage=" + image + "&tag=" + tag).then().statusCode(200)
        .extract().asString();
    return body.lines().filter(line -> !line.isBlank()).map(JsonObject::new).toList();
  }

  private static String status(List<JsonObject> lines, String digest) {
    String id = digest.substring("sha256:".length(), "sha256:".length() + 12);
    return lines.stream().filter(line -> id.equals(line.getString("id"))).reduce((first, second) -> second)
        .map(line -> line.getString("status")).orElse("(no line for " + id + ")");
  }

  @Test
  void sharedLayersAlreadyExistTheIndexGivesTheHostsPlatformAndATamperedLayerFails() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String repository = "agent-pull/images-" + run;
    String image = "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/" + repository;
    byte[] base = layer("base");
    byte[] first = layer("first");
    byte[] second = layer("second");
    TestImages.push(repository, "first", "amd64", List.of(base, first));
    TestImages.push(repository, "second", "amd64", List.of(base, second));

    String host = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "amd64";
    String other = host.equals("amd64") ? "arm64" : "amd64";
    TestImages.Pushed foreign = TestImages.push(repository, null, other, List.of(layer("foreign")));
    TestImages.Pushed own = TestImages.push(repository, null, host, List.of(layer("native")));
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDocument.OCI_INDEX + "\",\"manifests\":["
        + entry(foreign, other) + "," + entry(own, host) + "]}";
    RegistryApiTest.admin().contentType(ManifestDocument.OCI_INDEX).body(index).put("/v2/" + repository + "/manifests/multi")
        .then().statusCode(201);

    byte[] tampered = layer("tampered");
    TestImages.push(repository, "tampered", "amd64", List.of(tampered));
    String tamperedDigest = ManifestDocument.digestOf(tampered);
    Path stored = blobs.find(tamperedDigest).orElseThrow();
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      List<JsonObject> pulled = pull(image, "first");
      assertTrue(pulled.stream().noneMatch(line -> line.containsKey("error")), pulled.toString());
      List<JsonObject> again = pull(image, "second");
      assertTrue(again.stream().noneMatch(line -> line.containsKey("error")), again.toString());
      assertEquals("Already exists", status(again, ManifestDocument.digestOf(base)), again.toString());
      assertEquals("Pull complete", status(again, ManifestDocument.digestOf(second)), again.toString());

      List<JsonObject> multi = pull(image, "multi");
      assertTrue(multi.stream().noneMatch(line -> line.containsKey("error")), multi.toString());
      DockerCli docker = new DockerCli(controlPlane, HOST);
      assertEquals(host + " " + own.config(),
          docker.ok("image", "inspect", "--format", "{{.Architecture}} {{.Id}}", image + ":multi").trim());

      byte[] changed = tampered.clone();
      changed[512] ^= 1; // the file's first byte, after the tar header: still a valid tar of the same size
      Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-r--r--"));
      Files.write(stored, changed);
      List<JsonObject> failed = pull(image, "tampered");
      assertTrue(failed.stream().anyMatch(line -> line.containsKey("error")), failed.toString());
      DockerCli.Result inspect = docker.run(null, "image", "inspect", image + ":tampered");
      assertNotEquals(0, inspect.exit(), inspect.output());
    } finally {
      blobs.delete(tamperedDigest); // never serve the changed bytes under that digest again
    }
  }

  private static String entry(TestImages.Pushed pushed, String architecture) {
    return "{\"mediaType\":\"" + ManifestDocument.OCI_MANIFEST + "\",\"digest\":\"" + pushed.digest() + "\",\"size\":"
        + pushed.manifest().getBytes(StandardCharsets.UTF_8).length + ",\"platform\":{\"architecture\":\"" + architecture
        + "\",\"os\":\"linux\"}}";
  }
}
