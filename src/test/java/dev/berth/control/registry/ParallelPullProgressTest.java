package dev.berth.control.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A pull through a real agent of an image with several layers from Berth's registry: layers
 * download in parallel with dockerd's byte-level progress lines, and a malformed
 * {@code X-Registry-Auth} header is refused before anything starts.
 */
@QuarkusTest
class ParallelPullProgressTest {
  private static final String HOST = "parallel-pull";
  private static final int LAYERS = 4;
  @TestHTTPResource("/") URL controlPlane;

  /** Pushes an image of {@code LAYERS} uncompressed tar layers of 1.5 MB of random bytes each. */
  private static void pushImage(String repository, String tag) throws Exception {
    Path work = Files.createTempDirectory("parallel-pull");
    try {
      List<byte[]> layers = new ArrayList<>();
      Random random = new Random(42);
      for (int i = 0; i < LAYERS; i++) {
        Path dir = Files.createDirectories(work.resolve("layer" + i));
        byte[] data = new byte[1_500_000];
        random.nextBytes(data);
        Files.write(dir.resolve("data" + i), data);
        Path tar = work.resolve("layer" + i + ".tar");
        Process process = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", dir.toString(), ".").inheritIO().start();
        assertEquals(0, process.waitFor());
        layers.add(Files.readAllBytes(tar));
      }
      TestImages.push(repository, tag, "amd64", layers);
    } finally {
      new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
    }
  }

  @Test
  void layersDownloadInParallelWithByteProgress() throws Exception {
    pushImage("parallel/layers", "1");
    String image = "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/parallel/layers";
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      String api = "/docker/" + HOST + "/v1.47";
      given().header("Authorization", "Bearer " + Admin.token()).header("X-Registry-Auth", "!!not base64!!")
          .post(api + "/images/create?fromImage=" + image + "&tag=1").then().statusCode(400);

      String wrong = Base64.getUrlEncoder().encodeToString("{\"username\":\"admin\",\"password\":\"wrong\"}".getBytes());
      String refused = given().header("Authorization", "Bearer " + Admin.token()).header("X-Registry-Auth", wrong)
          .post(api + "/images/create?fromImage=" + image + "&tag=1").then().statusCode(200).extract().asString();
      assertTrue(refused.contains("\"error\""), refused);

      String body = given().header("Authorization", "Bearer " + Admin.token())
          .post(api + "/images/create?fromImage=" + image + "&tag=1").then().statusCode(200).extract().asString();
      List<JsonObject> lines = body.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
      assertTrue(lines.stream().noneMatch(l -> l.containsKey("error")), body);
      assertEquals(LAYERS, lines.stream().filter(l -> "Pulling fs layer".equals(l.getString("status"))).count(), body);
      assertEquals(LAYERS - 3, lines.stream().filter(l -> "Waiting".equals(l.getString("status"))).count(), body);
      assertEquals(LAYERS, lines.stream().filter(l -> "Pull complete".equals(l.getString("status"))).count(), body);
      List<JsonObject> downloading = lines.stream().filter(l -> "Downloading".equals(l.getString("status"))).toList();
      assertTrue(downloading.size() >= 2 * LAYERS, body);
      JsonObject last = downloading.get(downloading.size() - 1);
      assertTrue(last.getString("progress").matches("\\[=*> *\\] +[0-9.]+[kM]?B/1\\.5\\d*MB"), last.encode());
      assertTrue(last.getJsonObject("progressDetail").getLong("total") > 1_500_000, last.encode());
      // Parallel: some layer reports bytes before an earlier one has finished.
      int firstComplete = indexOf(lines, "Download complete");
      long layersStartedBefore = lines.subList(0, firstComplete).stream()
          .filter(l -> "Downloading".equals(l.getString("status"))).map(l -> l.getString("id")).distinct().count();
      assertTrue(layersStartedBefore >= 2, body);
      assertTrue(body.contains("Downloaded newer image for " + image + ":1"), body);
    }
  }

  private static int indexOf(List<JsonObject> lines, String status) {
    for (int i = 0; i < lines.size(); i++) {
      if (status.equals(lines.get(i).getString("status"))) {
        return i;
      }
    }
    return lines.size();
  }
}
