package dev.berth.control.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Images made on a real agent with the stock docker CLI show up in the fleet inventory
 * ({@code /api/v1/images}) and the dashboard within seconds, and follow tags and removals.
 */
@QuarkusTest
class ImageInventoryTest {
  private static final String HOST = "inventory-agent";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void imagesFollowTheHostWithinSeconds() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      Path rootfs = DockerCli.busyboxRootfs();

      DockerCli.Result imported = docker.run(rootfs, "import", "--change", "CMD [\"sh\"]", "-", "inv-busybox:1");
      assertEquals(0, imported.exit(), imported.output());
      String id = imported.output().trim();
      agent.await("the image in the inventory", Duration.ofSeconds(5), () -> tags(id).contains("inv-busybox:1"));

      docker.ok("tag", "inv-busybox:1", "inv-busybox:2");
      agent.await("the new tag in the inventory", Duration.ofSeconds(5), () -> tags(id).contains("inv-busybox:2"));
      Admin.api().get("/api/v1/images?host=" + HOST + "&reference=inv-busybox:2").then().statusCode(200)
          .body("id", org.hamcrest.Matchers.hasItem(id));

      CookieFilter session = Admin.webSession();
      given().filter(session).get("/images?host=" + HOST).then().statusCode(200).body(containsString("inv-busybox:2"));
      given().filter(session).get("/hosts/" + HOST + "/images/" + id).then().statusCode(200)
          .body(containsString(id)).body(containsString("History"));

      docker.ok("rmi", "inv-busybox:1", "inv-busybox:2");
      agent.await("the image gone from the inventory", Duration.ofSeconds(5), () -> tags(id).isEmpty()
          && Admin.api().get("/api/v1/images?host=" + HOST).jsonPath().getList("id").stream().noneMatch(id::equals));
    }
  }

  private static List<String> tags(String id) {
    List<List<String>> all = Admin.api().get("/api/v1/images?host=" + HOST).jsonPath()
        .getList("findAll { it.id == '" + id + "' }.repoTags");
    return all.isEmpty() ? List.of() : all.get(0);
  }
}
