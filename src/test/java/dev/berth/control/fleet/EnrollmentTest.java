package dev.berth.control.fleet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.control.security.Secrets;
import dev.berth.control.support.Admin;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EnrollmentTest {

  private static io.restassured.response.Response enroll(String name, String token) {
    return given().contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\",\"token\":\"" + token + "\",\"facts\":{\"cpuCount\":2}}")
        .post("/api/v1/enroll");
  }

  @Test
  void aJoinTokenEnrollsOneHostOnce() {
    String token = Admin.joinToken();
    enroll("enroll-once", token).then().statusCode(201)
        .body("name", equalTo("enroll-once"))
        .body("credential", startsWith("berth_agent_"));

    enroll("enroll-twice", token).then().statusCode(401)
        .contentType("application/problem+json")
        .body("detail", equalTo("join token is invalid, expired or already used"));
    Admin.api().get("/api/v1/hosts/enroll-twice").then().statusCode(404);
    Admin.api().get("/api/v1/hosts/enroll-once").then().statusCode(200)
        .body("online", equalTo(false)).body("facts.cpuCount", equalTo(2));
  }

  @Test
  void refusedEnrollmentsLeaveNoHost() {
    enroll("no-token", "berth_join_made-up").then().statusCode(401);
    enroll("bad name!", Admin.joinToken()).then().statusCode(400).body("detail", containsString("host name"));

    String expired = Admin.joinToken();
    QuarkusTransaction.requiringNew().run(() ->
        EnrollmentToken.update("expiresAt = ?1 where tokenHash = ?2", Instant.now().minusSeconds(1), Secrets.hash(expired)));
    enroll("too-late", expired).then().statusCode(401);

    long hosts = QuarkusTransaction.requiringNew().call(() ->
        Host.count("name in ?1", java.util.List.of("no-token", "bad name!", "too-late")));
    assertEquals(0, hosts);
  }

  @Test
  void aTakenNameIsAConflict() {
    enroll("taken", Admin.joinToken()).then().statusCode(201);
    String unused = Admin.joinToken();
    enroll("taken", unused).then().statusCode(409).body("detail", containsString("already enrolled"));
    enroll("taken-2", unused).then().statusCode(201); // the refused attempt did not use the token up
  }

  @Test
  void joinTokensNeedAnAdminAndASaneLifetime() {
    given().contentType(ContentType.JSON).body("{}").post("/api/v1/enrollment-tokens").then().statusCode(401);
    Admin.api().body("{\"ttlSeconds\":0}").post("/api/v1/enrollment-tokens").then().statusCode(400);
    Admin.api().body("{\"ttlSeconds\":99999999}").post("/api/v1/enrollment-tokens").then().statusCode(400);
  }

  @Test
  void anAgentCredentialOpensOnlyTheLink() {
    String credential = enroll("credential-scope", Admin.joinToken()).then().statusCode(201).extract().path("credential");
    given().header("Authorization", "Bearer " + credential).get("/api/v1/hosts").then().statusCode(403);
    given().header("Authorization", "Bearer " + credential).get("/docker/credential-scope/_ping").then().statusCode(403);
  }
}
