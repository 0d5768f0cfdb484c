package dev.berth.control.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.Tars;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A push through a real agent to Berth's registry reports each layer's bytes as dockerd does
 * ({@code Preparing}, {@code Pushing} with {@code progressDetail}, {@code Pushed}), and a second
 * push finds the layer there.
 */
@QuarkusTest
class PushProgressTest {
  private static final String HOST = "push-progress";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void aLayerPushReportsItsBytes() throws Exception {
    String image = "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/progress/pushed";
    byte[] data = new byte[2_000_000];
    new Random(11).nextBytes(data);
    byte[] layer = Tars.ofOneFile("data", data);
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      String api = "/docker/" + HOST + "/v1.47";
      given().header("Authorization", "Bearer " + Admin.token()).contentType("application/x-tar").body(layer)
          .post(api + "/images/create?fromSrc=-&repo=" + image + "&tag=1").then().statusCode(200);

      List<JsonObject> lines = push(api, image);
      assertTrue(lines.stream().noneMatch(l -> l.containsKey("error")), lines.toString());
      List<JsonObject> pushing = lines.stream().filter(l -> "Pushing".equals(l.getString("status"))).toList();
      assertTrue(pushing.size() >= 3, lines.toString()); // every 512 KiB of about 2 MB, and the end
      JsonObject last = pushing.get(pushing.size() - 1);
      long total = last.getJsonObject("progressDetail").getLong("total");
      assertTrue(total >= layer.length, last.encode());
      assertEquals(total, last.getJsonObject("progressDetail").getLong("current"), last.encode());
      assertTrue(last.getString("progress").matches("\\[=+>?\\] +[0-9.]+MB/[0-9.]+MB"), last.encode());
      String id = last.getString("id");
      assertEquals(List.of("Preparing", "Pushing", "Pushed"), lines.stream().filter(l -> id.equals(l.getString("id")))
          .map(l -> l.getString("status")).distinct().toList());
      assertTrue(lines.get(lines.size() - 1).getString("status").startsWith("1: digest: sha256:"), lines.toString());

      List<JsonObject> again = push(api, image);
      assertTrue(again.stream().anyMatch(l -> id.equals(l.getString("id")) && "Layer already exists".equals(l.getString("status"))),
          again.toString());
      assertTrue(again.stream().noneMatch(l -> "Pushing".equals(l.getString("status"))), again.toString());
    }
  }

  private static List<JsonObject> push(String api, String image) {
    String body = given().header("Authorization", "Bearer " + Admin.token())
        .post(api + "/images/" + image + "/push?tag=1").then().statusCode(200).extract().asString();
    return body.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
  }
}
