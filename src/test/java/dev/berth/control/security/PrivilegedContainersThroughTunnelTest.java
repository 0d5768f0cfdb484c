package dev.berth.control.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.People;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Options that reach into the host ({@code --privileged}, {@code --cap-add}, host namespaces, binds of
 * sensitive paths) and binds outside a host's allowed prefixes, screened in the Docker API tunnel: refused to
 * operators with 403 before anything reaches an agent, let through for admins, audited either way. The host
 * has no agent online, so a request the screen lets through ends as "offline" (503).
 */
@QuarkusTest
class PrivilegedContainersThroughTunnelTest {
  @Inject EntityManager db;
  private String host;
  private String operatorToken;

  @BeforeEach
  void offlineHostAndOperator() {
    host = People.uniqueName("screen");
    QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("insert into host (id, name) values (?1, ?2)")
        .setParameter(1, UUID.randomUUID()).setParameter(2, host).executeUpdate());
    String operator = People.create("op", "operator");
    operatorToken = People.token(People.signIn(operator, People.PASSWORD), "operator");
  }

  @AfterEach
  void removeHost() {
    QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("delete from host where name = ?1")
        .setParameter(1, host).executeUpdate());
  }

  @Test
  void operatorsMayNotAskForTheHostAdminsMayAndBothAreAudited() {
    for (String hostConfig : new String[] {"{\"Privileged\": true}", "{\"CapAdd\": [\"NET_ADMIN\"]}",
        "{\"NetworkMode\": \"host\"}", "{\"PidMode\": \"host\"}", "{\"Binds\": [\"/etc:/host-etc\"]}",
        "{\"Binds\": [\"/tmp/../var/run/docker.sock:/s\"]}", "{\"Binds\": [\"/:/host\"]}",
        "{\"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/var/lib/berth\", \"Target\": \"/b\"}]}",
        "{\"SecurityOpt\": [\"seccomp=unconfined\"]}"}) {
      create(People.api(operatorToken), hostConfig).then().statusCode(403)
          .body("message", containsString("permission denied: only admins may use "));
    }
    People.api(operatorToken).body("{\"Cmd\": [\"sh\"], \"Privileged\": true}")
        .post("/docker/" + host + "/v1.47/containers/abc/exec").then().statusCode(403)
        .body("message", equalTo("permission denied: only admins may use exec --privileged"));
    create(People.api(operatorToken), "{\"Binds\": [\"/srv/data:/data\", \"named:/n\"]}").then().statusCode(503);
    create(Admin.api(), "{\"Privileged\": true, \"CapAdd\": [\"SYS_ADMIN\"]}").then().statusCode(503)
        .body("message", containsString("offline"));

    Admin.api().queryParam("host", host).get("/api/v1/audit").then().statusCode(200)
        .body("outcome", hasItem(containsString("refused: permission denied: only admins may use --privileged")));
    long deadline = System.currentTimeMillis() + 5000; // the admin's entry is written once the answer has ended
    while (!Admin.api().queryParam("host", host).get("/api/v1/audit").asString().contains("--cap-add SYS_ADMIN")
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    Admin.api().queryParam("host", host).get("/api/v1/audit").then()
        .body("parameters.privileges", hasItem(hasItem("--cap-add SYS_ADMIN")));
  }

  @Test
  void bindsOutsideAHostsAllowedPrefixesAreForAdminsOnly() {
    People.api(operatorToken).body("{\"allowedBindPrefixes\": [\"/srv\"]}").patch("/api/v1/hosts/" + host)
        .then().statusCode(403);
    Admin.api().body("{\"allowedBindPrefixes\": \"/srv\"}").patch("/api/v1/hosts/" + host).then().statusCode(400);
    Admin.api().body("{\"allowedBindPrefixes\": [\"relative\"]}").patch("/api/v1/hosts/" + host).then().statusCode(400);
    Admin.api().body("{\"allowedBindPrefixes\": [\"/srv/apps/\", \"/data//shared\"]}").patch("/api/v1/hosts/" + host)
        .then().statusCode(200).body("allowedBindPrefixes", equalTo(java.util.List.of("/srv/apps", "/data/shared")));

    create(People.api(operatorToken), "{\"Binds\": [\"/srv/apps/site:/site:ro\"]}").then().statusCode(503);
    create(People.api(operatorToken), "{\"Binds\": [\"/srv/apps/../other:/o\"]}").then().statusCode(403)
        .body("message", equalTo("permission denied: bind mount of /srv/other is outside the host's allowed bind "
            + "prefixes (/srv/apps, /data/shared)"));
    create(People.api(operatorToken), "{\"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/home/me\", \"Target\": \"/m\"}]}")
        .then().statusCode(403).body("message", containsString("bind mount of /home/me is outside"));
    create(Admin.api(), "{\"Binds\": [\"/home/me:/m\"]}").then().statusCode(503);

    Admin.api().body("{\"allowedBindPrefixes\": null}").patch("/api/v1/hosts/" + host).then().statusCode(200)
        .body("allowedBindPrefixes", nullValue());
    create(People.api(operatorToken), "{\"Binds\": [\"/home/me:/m\"]}").then().statusCode(503);
  }

  @Test
  void anOversizedCreateBodyIsRefused() {
    String padding = "x".repeat(dev.berth.control.docker.ContainerRequestScreen.MAX_BODY);
    People.api(operatorToken).body("{\"Image\": \"busybox\", \"Labels\": {\"pad\": \"" + padding + "\"}}")
        .post("/docker/" + host + "/v1.47/containers/create").then().statusCode(413)
        .body("message", containsString("request body too large"));
  }

  private io.restassured.response.Response create(RequestSpecification caller, String hostConfig) {
    return caller.body("{\"Image\": \"busybox\", \"HostConfig\": " + hostConfig + "}")
        .post("/docker/" + host + "/v1.47/containers/create");
  }
}
