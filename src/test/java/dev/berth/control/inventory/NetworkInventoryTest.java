package dev.berth.control.inventory;

import static org.hamcrest.Matchers.containsString;
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

/**
 * Networks made on a real agent with the stock docker CLI through the tunnel show up in
 * {@code /api/v1/networks} within seconds, with their subnet, labels and filters, and go with their removal.
 */
@QuarkusTest
class NetworkInventoryTest {
  private static final String HOST = "network-inventory-agent";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void networksFollowTheHostWithinSeconds() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      try {
        docker.ok("network", "create", "--label", "team=web", "inv-net");
        agent.await("the network in the inventory", Duration.ofSeconds(5), () -> names("&name=inv-").contains("inv-net"));
        Admin.api().get("/api/v1/networks?host=" + HOST + "&name=inv-net").then().statusCode(200)
            .body("[0].subnet", org.hamcrest.Matchers.matchesPattern("\\d+\\.\\d+\\.\\d+\\.0/\\d+"))
            .body("[0].gateway", org.hamcrest.Matchers.endsWith(".1"))
            .body("[0].driver", org.hamcrest.Matchers.equalTo("bridge"))
            .body("[0].labels.team", org.hamcrest.Matchers.equalTo("web"));
        assertEquals(List.of("host"), names("&driver=host"));
        Admin.api().get("/api/v1/networks?driver=overlay").then().statusCode(400)
            .contentType(containsString("problem+json")).body("detail", containsString("driver"));
        Admin.api().get("/api/v1/networks?host=no-such-host").then().statusCode(404)
            .contentType(containsString("problem+json"));
        io.restassured.RestAssured.given().filter(Admin.webSession()).get("/networks?host=" + HOST).then()
            .statusCode(200).body(containsString("inv-net")).body(containsString("team=web"));

        docker.ok("network", "rm", "inv-net");
        agent.await("the network gone from the inventory", Duration.ofSeconds(5),
            () -> names("&name=inv-").isEmpty());
      } finally {
        docker.run(null, "network", "rm", "inv-net");
      }
    }
  }

  private static List<String> names(String query) {
    return Admin.api().get("/api/v1/networks?host=" + HOST + query).then().statusCode(200).extract().jsonPath()
        .getList("name");
  }
}
