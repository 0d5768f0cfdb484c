package dev.berth.control.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.People;
import dev.berth.control.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest {

  @Test
  void healthAndLoginAreOpenEverythingElseIsNot() {
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/login").then().statusCode(200).body(containsString("Sign in"));
    given().get("/static/berth.css").then().statusCode(200);

    given().get("/api/v1/hosts").then().statusCode(401)
        .contentType("application/problem+json").body("status", equalTo(401));
    given().get("/docker/local/_ping").then().statusCode(401)
        .contentType("application/json").body("message", containsString("authentication required"));
    given().redirects().follow(false).get("/jobs").then().statusCode(302).header("Location", "/login");
    given().get("/q/metrics").then().statusCode(401);
    given().get("/q/openapi").then().statusCode(401);
  }

  @Test
  void aWrongOrForgedTokenIsRefused() {
    given().header("Authorization", "Bearer berth_not-a-real-token").get("/api/v1/hosts").then().statusCode(401);
    given().header("Authorization", "Bearer " + Admin.token() + "x").get("/api/v1/hosts").then().statusCode(401);
    Admin.api().get("/api/v1/hosts").then().statusCode(200);
  }

  @Test
  void adminCredentialsAreWrittenForTheOwnerOnly() throws Exception {
    for (String file : new String[] {"admin-token", "admin-password"}) {
      var permissions = Files.getPosixFilePermissions(EmbeddedPostgresResource.dataDir.resolve(file));
      assertEquals("rw-------", PosixFilePermissions.toString(permissions), file);
    }
  }

  @Test
  void loginOpensASessionWithASecureCookieAndLogoutEndsIt() {
    given().formParam("username", "admin").formParam("password", "wrong").post("/login")
        .then().statusCode(401).body(containsString("Wrong username or password"));
    given().formParam("username", "nobody").formParam("password", "wrong").post("/login")
        .then().statusCode(401);

    CookieFilter cookies = new CookieFilter();
    var login = given().filter(cookies).redirects().follow(false)
        .formParam("username", "admin").formParam("password", Admin.password()).post("/login");
    login.then().statusCode(303).header("Location", containsString("/"));
    String setCookie = login.header("Set-Cookie");
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);

    given().filter(cookies).get("/").then().statusCode(200).body(containsString("Fleet"));
    given().filter(cookies).redirects().follow(false).post("/logout").then().statusCode(403);
    given().filter(cookies).redirects().follow(false).formParam("_csrf", People.csrf(cookies)).post("/logout")
        .then().statusCode(303);
    given().filter(cookies).redirects().follow(false).get("/").then().statusCode(302);
  }

  @Test
  void loginsAreAudited() {
    given().formParam("username", "mallory").formParam("password", "guess").post("/login").then().statusCode(401);
    long refused = QuarkusTransaction.requiringNew().call(() ->
        AuditEntry.count("actor = ?1 and action = 'login' and outcome like 'refused%'", "mallory"));
    assertEquals(1, refused);
  }

  @Test
  void dashboardErrorsAreReadablePagesAndApiErrorsStayProblemJson() {
    CookieFilter cookies = new CookieFilter();
    given().filter(cookies).redirects().follow(false)
        .formParam("username", "admin").formParam("password", Admin.password()).post("/login").then().statusCode(303);
    given().filter(cookies).accept("text/html").get("/hosts/no-such-host").then().statusCode(404)
        .contentType("text/html").body(containsString("no such host: no-such-host"));
    Admin.api().get("/api/v1/hosts/no-such-host").then().statusCode(404)
        .contentType("application/problem+json").body("detail", equalTo("no such host: no-such-host"));
  }

  @Test
  void pagesEscapeWhatTheyShow() {
    // Not following the redirect: the cookie filter only sees the response that sets the cookie then.
    CookieFilter cookies = new CookieFilter();
    given().filter(cookies).redirects().follow(false)
        .formParam("username", "admin").formParam("password", Admin.password()).post("/login").then().statusCode(303);
    given().filter(cookies).queryParam("host", "<script>alert(1)</script>").get("/jobs")
        .then().statusCode(200)
        .body(not(containsString("<script>alert(1)</script>")))
        .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"));
  }
}
