package dev.berth.control.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.Browser;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.People;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Roles and host grants through the Docker API tunnel with the stock docker CLI against a real
 * agent, and hostile names from the docker CLI shown as text in a real browser.
 */
@QuarkusTest
class SecurityThroughTheTunnelTest {
  private static final String HOSTILE = "<script>alert(1)</script>";
  @TestHTTPResource("/") URL controlPlane;
  @Inject EntityManager db;

  @Test
  void operatorsChangeOnlyTheHostsTheyAreGrantedAndViewersOnlyRead() throws Exception {
    String host = "grants-" + People.uniqueName("h").substring(2);
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, host)) {
      DockerCli admin = new DockerCli(controlPlane, host);
      DockerCli.Result imported = admin.run(DockerCli.busyboxRootfs(), "import", "-", "grants/busybox:1");
      assertEquals(0, imported.exit(), imported.output());
      String operator = People.create("limited", "operator");
      String viewer = People.create("reader", "viewer");
      DockerCli asOperator = new DockerCli(controlPlane, host, People.token(People.signIn(operator, People.PASSWORD), "operator"));
      DockerCli asViewer = new DockerCli(controlPlane, host, People.token(People.signIn(viewer, People.PASSWORD), "viewer"));
      try {
        asViewer.ok("ps", "-a");
        DockerCli.Result viewerCreate = asViewer.run(null, "create", "--name", host + "-v", "grants/busybox:1", "sleep", "1");
        assertNotEquals(0, viewerCreate.exit(), viewerCreate.output());
        assertTrue(viewerCreate.output().contains("viewer role is read-only"), viewerCreate.output());

        Admin.api().body("{\"hosts\":[\"some-other-host\"]}").put("/api/v1/users/" + operator + "/grants").then().statusCode(200);
        DockerCli.Result refused = asOperator.run(null, "create", "--name", host + "-o", "grants/busybox:1", "sleep", "1");
        assertNotEquals(0, refused.exit(), refused.output());
        assertTrue(refused.output().contains("is not granted host " + host), refused.output());
        DockerCli.Result hidden = asOperator.run(null, "ps", "-a"); // nor may it read a host not granted
        assertNotEquals(0, hidden.exit(), hidden.output());
        assertTrue(hidden.output().contains("is not granted host " + host), hidden.output());

        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery(
            "update host set labels = '{\"env\":\"staging\"}' where name = ?1").setParameter(1, host).executeUpdate());
        Admin.api().body("{\"labels\":[\"env=staging\"]}").put("/api/v1/users/" + operator + "/grants").then().statusCode(200);
        asOperator.ok("create", "--name", host + "-o", "grants/busybox:1", "sleep", "1");
        asOperator.ok("rm", host + "-o");
        // The same grants apply to /api/v1.
        Admin.api().body("{\"hosts\":[\"some-other-host\"]}").put("/api/v1/users/" + operator + "/grants").then().statusCode(200);

        Admin.api().queryParam("host", host).queryParam("action", "docker POST").get("/api/v1/audit").then().statusCode(200)
            .body("user", hasItem(operator)).body("user", hasItem(viewer))
            .body("outcome", hasItem(containsString("refused: permission denied")))
            .body("channel", hasItem("docker"));
      } finally {
        admin.run(null, "rm", "-f", host + "-o", host + "-v");
        admin.run(null, "rmi", "grants/busybox:1");
      }
    }
  }

  @Test
  void hostileNamesFromTheDockerCliShowAsTextInTheDashboard() throws Exception {
    String host = "hostile-" + People.uniqueName("h").substring(2);
    String name = host + "-xss";
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, host);
         Browser browser = Browser.open(controlPlane)) {
      DockerCli docker = new DockerCli(controlPlane, host);
      try {
        DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "hostile/busybox:1");
        assertEquals(0, imported.exit(), imported.output());
        // Docker's own rule keeps markup out of container names; the CLI hears Docker's words.
        DockerCli.Result badName = docker.run(null, "create", "--name", HOSTILE, "hostile/busybox:1", "sleep", "1");
        assertNotEquals(0, badName.exit(), badName.output());
        assertTrue(badName.output().contains("Invalid container name"), badName.output());
        // Labels and the command carry it instead.
        String id = docker.ok("create", "--name", name, "--label", "note=" + HOSTILE, "hostile/busybox:1",
            "sh", "-c", "echo '" + HOSTILE + "'").trim();

        browser.signInAsAdmin();
        browser.visit("/containers?host=" + host);
        browser.until(d -> d.findElements(By.cssSelector("tr[data-name='" + name + "']")).size() == 1);
        browser.visit("/hosts/" + host + "/containers/" + id);
        browser.until(d -> d.findElement(By.cssSelector("code.command")).getText().contains(HOSTILE));
        assertTrue(browser.whatItShows().contains("note"), browser.whatItShows());
        assertTrue(browser.whatItShows().contains(HOSTILE), browser.whatItShows());
        assertEquals(0, browser.driver().findElements(By.xpath("//script[contains(., 'alert(1)')]")).size());
        given().filter(Admin.webSession()).get("/hosts/" + host + "/containers/" + id).then().statusCode(200)
            .body(not(containsString(HOSTILE))).body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"));
      } finally {
        docker.run(null, "rm", "-f", name);
        docker.run(null, "rmi", "hostile/busybox:1");
      }
    }
  }
}
