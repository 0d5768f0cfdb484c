package dev.berth.control.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The guide's private-registry workflow with the stock docker CLI through a real agent:
 * {@code docker tag}, {@code docker push 127.0.0.1:<port>/…}, {@code /v2/_catalog},
 * {@code docker rmi}, {@code docker pull}, and {@code docker login}.
 */
@QuarkusTest
class DockerPushPullThroughAgentTest {
  private static final String HOST = "registry-round-trip";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void pushRemovePullRoundTripsTheImage() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      String image = "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/guide/busybox:1.0";
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "guide/local:1.0");
      assertEquals(0, imported.exit(), imported.output());
      String id = imported.output().trim();
      docker.ok("tag", "guide/local:1.0", image);

      String pushed = docker.ok("push", image);
      assertTrue(pushed.contains("1.0: digest: sha256:"), pushed);
      given().header("Authorization", "Bearer " + Admin.token()).get("/v2/_catalog").then().statusCode(200)
          .body("repositories", hasItems("guide/busybox"));
      String again = docker.ok("push", image);
      assertTrue(again.contains("Layer already exists"), again);

      docker.ok("rmi", image, "guide/local:1.0");
      String pulled = docker.ok("pull", image);
      assertTrue(pulled.contains("Downloaded newer image for " + image), pulled);
      assertEquals(id, docker.ok("image", "inspect", "--format", "{{.Id}}", image).trim());

      String login = docker.ok("login", "-u", "admin", "-p", Admin.password(), "127.0.0.1:" + BerthTls.httpsUrl().getPort());
      assertTrue(login.contains("Login Succeeded"), login);
      DockerCli.Result refused = docker.run(null, "login", "-u", "admin", "-p", "wrong", "127.0.0.1:" + BerthTls.httpsUrl().getPort());
      assertTrue(refused.exit() != 0, refused.output());
      DockerCli.Result missing = docker.run(null, "pull", "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/guide/none:1");
      assertTrue(missing.exit() != 0 && missing.output().contains("name unknown"), missing.output());
    }
  }
}
