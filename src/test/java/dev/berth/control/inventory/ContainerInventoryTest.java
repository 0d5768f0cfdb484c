package dev.berth.control.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Containers made on a real agent with the stock docker CLI show up in the fleet inventory
 * ({@code /api/v1/containers}) within seconds — created, running, exited by themselves, stopped,
 * removed — with Docker's filters and paging; one container's detail is inspected live, and from
 * the inventory while its host is offline.
 */
@QuarkusTest
class ContainerInventoryTest {
  private static final String HOST = "container-inventory";
  private static final Duration SOON = Duration.ofSeconds(8);
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void containersFollowTheHostWithinSeconds() throws Exception {
    AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST);
    DockerCli docker = new DockerCli(controlPlane, HOST);
    try {
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "inv-ctr/busybox:1");
      assertEquals(0, imported.exit(), imported.output());
      String imageId = imported.output().trim();

      String sleeper = docker.ok("run", "-d", "--name", "inv-sleeper", "--label", "team=blue",
          "--label", "note=<b>bold</b>", "inv-ctr/busybox:1", "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done").trim();
      String created = docker.ok("create", "--name", "inv-created", "inv-ctr/busybox:1", "sh").trim();
      String quick = docker.ok("run", "-d", "--name", "inv-quick", "inv-ctr/busybox:1", "sh", "-c", "sleep 1; exit 3").trim();
      agent.await("the three containers in the inventory", SOON, () -> states().equals(Map.of(
          "inv-sleeper", "running", "inv-created", "created", "inv-quick", "exited")));
      Admin.api().get("/api/v1/containers?host=" + HOST + "&name=inv-quick").then().statusCode(200)
          .body("[0].id", equalTo(quick)).body("[0].status", containsString("Exited (3)"))
          .body("[0].image", equalTo("inv-ctr/busybox:1")).body("[0].imageId", equalTo(imageId))
          .body("[0].command", equalTo("sh -c sleep 1; exit 3"));

      assertEquals(List.of("inv-sleeper"), names("state=running"));
      assertEquals(List.of("inv-sleeper"), names("name=sleep"));
      assertEquals(List.of("inv-sleeper"), names("label=team"));
      assertEquals(List.of("inv-sleeper"), names("label=team=blue"));
      assertEquals(List.of(), names("label=team=red"));
      assertEquals(List.of("inv-created", "inv-quick", "inv-sleeper"), names("image=inv-ctr/busybox:1"));
      assertEquals(List.of("inv-created", "inv-quick", "inv-sleeper"), names("image=" + imageId.substring(7, 19)));
      assertEquals(List.of(), names("image=inv-ctr/busybox:2"));

      Response firstPage = Admin.api().get("/api/v1/containers?host=" + HOST + "&limit=2");
      firstPage.then().statusCode(200).header("X-Total-Count", "3");
      Response secondPage = Admin.api().get("/api/v1/containers?host=" + HOST + "&limit=2&offset=2");
      List<String> paged = new java.util.ArrayList<>(firstPage.jsonPath().getList("id"));
      paged.addAll(secondPage.jsonPath().getList("id"));
      assertEquals(List.of(quick, created, sleeper).stream().sorted().toList(), paged.stream().sorted().toList());
      problem(Admin.api().get("/api/v1/containers?limit=0"), 400, "limit");
      problem(Admin.api().get("/api/v1/containers?state=sleeping"), 400, "unknown state: sleeping");
      problem(Admin.api().get("/api/v1/containers?host=no-such-host"), 404, "no such host");

      Admin.api().get("/api/v1/containers/" + HOST + "/inv-sleeper").then().statusCode(200)
          .body("live", equalTo(true)).body("inspect.Id", equalTo(sleeper))
          .body("inspect.Config.Labels.team", equalTo("blue")).body("summary.name", equalTo("inv-sleeper"));
      Admin.api().get("/api/v1/containers/" + HOST + "/" + sleeper.substring(0, 10)).then().statusCode(200)
          .body("inspect.Name", equalTo("/inv-sleeper"));
      problem(Admin.api().get("/api/v1/containers/" + HOST + "/inv-nothing"), 404, "No such container: inv-nothing");
      problem(Admin.api().get("/api/v1/containers/no-such-host/inv-sleeper"), 404, "no such host");

      CookieFilter session = Admin.webSession();
      given().filter(session).get("/containers?host=" + HOST + "&state=running").then().statusCode(200)
          .body(containsString("inv-sleeper")).body(not(containsString("inv-quick")));
      given().filter(session).get("/hosts/" + HOST).then().statusCode(200)
          .body(containsString("inv-sleeper")).body(containsString("inv-quick"));
      given().filter(session).get("/hosts/" + HOST + "/containers/inv-sleeper").then().statusCode(200)
          .body(containsString(sleeper)).body(containsString("&lt;b&gt;bold&lt;/b&gt;")).body(not(containsString("<b>bold")));

      docker.ok("stop", "inv-sleeper");
      agent.await("the stopped container exited in the inventory", SOON, () -> "exited".equals(states().get("inv-sleeper")));
      docker.ok("rename", "inv-created", "inv-renamed");
      agent.await("the new name in the inventory", SOON, () -> states().containsKey("inv-renamed"));

      agent.kill();
      agent.await("the host going offline", Duration.ofSeconds(15), () -> !agent.online());
      Admin.api().get("/api/v1/containers/" + HOST + "/inv-sleeper").then().statusCode(200)
          .body("live", equalTo(false)).body("inspect", equalTo(null)).body("summary.state", equalTo("exited"));
      given().filter(session).get("/hosts/" + HOST + "/containers/inv-sleeper").then().statusCode(200)
          .body(containsString("last reported"));
      agent.restart();
      agent.await("the host back online", Duration.ofSeconds(30), agent::online);

      docker.ok("rm", "-f", "inv-sleeper", "inv-renamed", "inv-quick");
      agent.await("the removed containers gone from the inventory", SOON, () -> states().isEmpty());
    } finally {
      if (!agent.online()) {
        agent.restart();
        agent.await("the host back online for the clean-up", Duration.ofSeconds(30), agent::online);
      }
      docker.run(null, "rm", "-f", "inv-sleeper", "inv-created", "inv-renamed", "inv-quick");
      agent.close();
    }
  }

  /** The host's containers in the inventory: name → state. */
  private static Map<String, String> states() {
    List<Map<String, Object>> rows = Admin.api().get("/api/v1/containers?host=" + HOST).jsonPath().getList("$");
    return rows.stream().collect(Collectors.toMap(r -> (String) r.get("name"), r -> Objects.toString(r.get("state"))));
  }

  /** The names, sorted, of the host's containers that pass {@code filter}. */
  private static List<String> names(String filter) {
    Response response = Admin.api().get("/api/v1/containers?host=" + HOST + "&" + filter);
    response.then().statusCode(200);
    return response.jsonPath().<String>getList("name").stream().sorted().toList();
  }

  private static void problem(Response response, int status, String detail) {
    response.then().statusCode(status).contentType("application/problem+json").body("detail", containsString(detail));
  }
}
