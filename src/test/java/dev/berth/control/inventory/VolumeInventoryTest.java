package dev.berth.control.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Volumes made on a real agent with the stock docker CLI show up in {@code /api/v1/volumes} within seconds, and go with their removal. */
@QuarkusTest
class VolumeInventoryTest {
  private static final String HOST = "volume-inventory-agent";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void volumesFollowTheHostWithinSeconds() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      docker.ok("volume", "create", "--label", "team=db", "inv-vol");
      agent.await("the volume in the inventory", Duration.ofSeconds(5), () -> names("").contains("inv-vol"));
      assertEquals(List.of("inv-vol"), names("&label=team=db&dangling=true"));
      assertEquals(List.of(), names("&dangling=false"));
      io.restassured.RestAssured.given().filter(Admin.webSession()).get("/volumes?host=" + HOST).then().statusCode(200)
          .body(org.hamcrest.Matchers.containsString("inv-vol")).body(org.hamcrest.Matchers.containsString("team=db"));

      docker.ok("volume", "rm", "inv-vol");
      agent.await("the volume gone from the inventory", Duration.ofSeconds(5), () -> names("").isEmpty());
    }
  }

  private static List<String> names(String query) {
    return Admin.api().get("/api/v1/volumes?host=" + HOST + query).then().statusCode(200).extract().jsonPath()
        .getList("name");
  }
}
