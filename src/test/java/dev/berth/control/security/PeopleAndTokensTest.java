package dev.berth.control.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.support.Admin;
import dev.berth.control.support.People;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users, roles, tokens, sessions, throttling, CSRF and the audit trail, through the real HTTP interfaces. */
@QuarkusTest
class PeopleAndTokensTest {
  @Inject EntityManager db;

  @Test
  void adminsManageUsersWithValidationAndNeverRemoveTheLastAdmin() {
    Admin.api().body("{\"username\":\"Bad Name\",\"password\":\"long enough pw\",\"role\":\"viewer\"}")
        .post("/api/v1/users").then().statusCode(400).body("detail", containsString("invalid username"));
    Admin.api().body("{\"username\":\"shorty\",\"password\":\"short\",\"role\":\"viewer\"}")
        .post("/api/v1/users").then().statusCode(400).body("detail", containsString("password"));
    Admin.api().body("{\"username\":\"rolez\",\"password\":\"long enough pw\",\"role\":\"root\"}")
        .post("/api/v1/users").then().statusCode(400).body("detail", containsString("unknown role"));

    String name = People.create("ops", "operator");
    Admin.api().body("{\"username\":\"" + name + "\",\"password\":\"long enough pw\",\"role\":\"viewer\"}")
        .post("/api/v1/users").then().statusCode(409);
    Admin.api().get("/api/v1/users/" + name).then().statusCode(200)
        .body("role", equalTo("operator")).body("disabled", equalTo(false)).body("passwordHash", org.hamcrest.Matchers.nullValue());
    Admin.api().get("/api/v1/users").then().statusCode(200).body("username", hasItem(name));

    Admin.api().body("{\"disabled\":true}").patch("/api/v1/users/" + name).then().statusCode(200).body("disabled", equalTo(true));
    given().formParam("username", name).formParam("password", People.PASSWORD).post("/login").then().statusCode(401);
    Admin.api().body("{\"disabled\":false}").patch("/api/v1/users/" + name).then().statusCode(200);
    People.signIn(name, People.PASSWORD);

    Admin.api().delete("/api/v1/users/admin").then().statusCode(409).body("detail", containsString("last admin"));
    Admin.api().body("{\"role\":\"viewer\"}").patch("/api/v1/users/admin").then().statusCode(409);
    Admin.api().delete("/api/v1/users/" + name).then().statusCode(204);
    Admin.api().get("/api/v1/users/" + name).then().statusCode(404);
  }

  @Test
  void rolesApplyToTheApiAndUserAdministrationIsForAdminsOnly() {
    String viewer = People.create("view", "viewer");
    String operator = People.create("oper", "operator");
    String viewerToken = People.token(People.signIn(viewer, People.PASSWORD), "viewer");
    String operatorToken = People.token(People.signIn(operator, People.PASSWORD), "operator");

    People.api(viewerToken).get("/api/v1/hosts").then().statusCode(200);
    People.api(viewerToken).body("{\"host\":\"nowhere\",\"kind\":\"noop\"}").post("/api/v1/jobs").then().statusCode(403);
    People.api(viewerToken).get("/api/v1/users").then().statusCode(403);
    People.api(operatorToken).get("/api/v1/users").then().statusCode(403);
    People.api(operatorToken).body("{}").post("/api/v1/enrollment-tokens").then().statusCode(403);
    People.api(operatorToken).get("/api/v1/audit").then().statusCode(403);
    // An operator's change goes past authorization (then fails on the missing host).
    People.api(operatorToken).body("{\"host\":\"nowhere\",\"kind\":\"noop\"}").post("/api/v1/jobs")
        .then().statusCode(not(equalTo(403)));
  }

  @Test
  void tokensAreShownOnceCappedByTheOwnersRoleAndStopWorkingWhenRevokedOrExpired() {
    String operator = People.create("tok", "operator");
    CookieFilter session = People.signIn(operator, People.PASSWORD);
    String csrf = People.csrf(session);
    given().filter(session).header("X-CSRF-Token", csrf).contentType("application/json")
        .body("{\"name\":\"too high\",\"role\":\"admin\"}").post("/api/v1/tokens").then().statusCode(403);

    String token = People.token(session, "operator");
    People.api(token).get("/api/v1/tokens").then().statusCode(200)
        .body("name", hasItem("test")).body("[0].token", org.hamcrest.Matchers.nullValue())
        .body("[0].lastUsedAt", notNullValue());
    String id = People.api(token).get("/api/v1/tokens").then().extract().path("[0].id");
    QuarkusTransaction.requiringNew().run(() ->
        assertEquals(Secrets.hash(token), ApiToken.<ApiToken>findById(java.util.UUID.fromString(id)).tokenHash));

    // A viewer token cannot change things; a token cannot make a token above itself.
    String viewerToken = People.api(token).body("{\"name\":\"ro\",\"role\":\"viewer\"}").post("/api/v1/tokens")
        .then().statusCode(201).body("role", equalTo("viewer")).extract().path("token");
    People.api(viewerToken).body("{\"name\":\"up\",\"role\":\"operator\"}").post("/api/v1/tokens").then().statusCode(403);
    People.api(viewerToken).body("{\"host\":\"nowhere\",\"kind\":\"noop\"}").post("/api/v1/jobs").then().statusCode(403);

    // The owner's role caps the token's: demote the owner, the operator token becomes a viewer's.
    Admin.api().body("{\"role\":\"viewer\"}").patch("/api/v1/users/" + operator).then().statusCode(200);
    People.api(token).body("{\"host\":\"nowhere\",\"kind\":\"noop\"}").post("/api/v1/jobs").then().statusCode(403);

    People.api(token).delete("/api/v1/tokens/" + id).then().statusCode(200).body("revokedAt", notNullValue());
    People.api(token).get("/api/v1/hosts").then().statusCode(401);

    String shortLived = People.api(viewerToken).body("{\"name\":\"brief\",\"ttlSeconds\":60}").post("/api/v1/tokens")
        .then().statusCode(201).body("expiresAt", notNullValue()).extract().path("token");
    People.api(shortLived).get("/api/v1/hosts").then().statusCode(200);
    QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery(
        "update api_token set expires_at = now() - interval '1 second' where token_hash = ?1")
        .setParameter(1, Secrets.hash(shortLived)).executeUpdate());
    People.api(shortLived).get("/api/v1/hosts").then().statusCode(401);
  }

  @Test
  void dashboardChangesNeedTheSessionsCsrfTokenAndComeFromTheSameSite() {
    String operator = People.create("csrf", "operator");
    CookieFilter session = People.signIn(operator, People.PASSWORD);
    String csrf = People.csrf(session);
    String body = "{\"name\":\"x\"}";
    given().filter(session).contentType("application/json").body(body).post("/api/v1/tokens")
        .then().statusCode(403).body("detail", containsString("CSRF"));
    given().filter(session).contentType("application/json").header("X-CSRF-Token", "forged").body(body)
        .post("/api/v1/tokens").then().statusCode(403);
    given().filter(session).contentType("application/json").header("X-CSRF-Token", csrf)
        .header("Sec-Fetch-Site", "cross-site").body(body).post("/api/v1/tokens").then().statusCode(403);
    given().filter(session).contentType("application/json").header("X-CSRF-Token", csrf).body(body)
        .post("/api/v1/tokens").then().statusCode(201);
    // Through the Docker API tunnel too, and in forms.
    given().filter(session).post("/docker/nowhere/v1.47/containers/x/start").then().statusCode(403)
        .body("message", containsString("CSRF"));
    given().filter(session).redirects().follow(false).post("/logout").then().statusCode(403);
    given().filter(session).redirects().follow(false).formParam("_csrf", csrf).post("/logout").then().statusCode(303);
  }

  @Test
  void aForcedPasswordChangeComesFirstAndPasswordsChangeWithTheCurrentOne() {
    String name = People.uniqueName("fresh");
    Admin.api().body("{\"username\":\"" + name + "\",\"password\":\"given by admin\",\"role\":\"operator\"}")
        .post("/api/v1/users").then().statusCode(201).body("mustChangePassword", equalTo(true));
    CookieFilter session = People.signIn(name, "given by admin");
    given().filter(session).redirects().follow(false).get("/").then().statusCode(303)
        .header("Location", containsString("/account/password"));
    given().filter(session).get("/account/password").then().statusCode(200)
        .body(containsString("Choose your own")).body(not(containsString("API tokens")));
    String csrf = People.csrf(session);
    given().filter(session).header("X-CSRF-Token", csrf).contentType("application/json").body("{\"name\":\"x\"}")
        .post("/api/v1/tokens").then().statusCode(403).body("detail", containsString("change your password"));

    given().filter(session).formParam("_csrf", csrf).formParam("current", "wrong one!!")
        .formParam("password", "my own secret").formParam("repeat", "my own secret")
        .post("/account/password").then().statusCode(400).body(containsString("current password is wrong"));
    given().filter(session).redirects().follow(false).formParam("_csrf", csrf).formParam("current", "given by admin")
        .formParam("password", "my own secret").formParam("repeat", "my own secret")
        .post("/account/password").then().statusCode(303);
    given().filter(session).get("/").then().statusCode(200).body(containsString("Fleet"));
    People.signIn(name, "my own secret");

    // An admin's reset forces the change again and ends the user's sessions.
    Admin.api().body("{\"password\":\"admin chose this\"}").put("/api/v1/users/" + name + "/password").then().statusCode(204);
    given().filter(session).redirects().follow(false).get("/").then().statusCode(302);
    Admin.api().get("/api/v1/users/" + name).then().body("mustChangePassword", equalTo(true));
  }

  @Test
  void sessionsEndWhenIdleOrTooOld() {
    String name = People.create("idle", "viewer");
    CookieFilter idle = People.signIn(name, People.PASSWORD);
    CookieFilter old = People.signIn(name, People.PASSWORD);
    given().filter(idle).get("/").then().statusCode(200);
    QuarkusTransaction.requiringNew().run(() -> {
      db.createNativeQuery("update web_session set last_seen_at = now() - interval '31 minutes' "
          + "where user_id = (select id from app_user where username = ?1) and created_at = "
          + "(select min(created_at) from web_session where user_id = (select id from app_user where username = ?1))")
          .setParameter(1, name).executeUpdate();
    });
    given().filter(idle).redirects().follow(false).get("/").then().statusCode(302);
    given().filter(old).get("/").then().statusCode(200);
    QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery(
        "update web_session set expires_at = now() where user_id = (select id from app_user where username = ?1)")
        .setParameter(1, name).executeUpdate());
    given().filter(old).redirects().follow(false).get("/").then().statusCode(302);
  }

  @Test
  void repeatedFailedLoginsAreThrottledPerUsernameAndPerAddressAndAudited() {
    String name = People.create("guess", "viewer");
    for (int i = 0; i < 5; i++) {
      given().header("X-Forwarded-For", "198.51.100." + (i + 1)).formParam("username", name)
          .formParam("password", "wrong " + i).post("/login").then().statusCode(401);
    }
    String retry = given().header("X-Forwarded-For", "198.51.100.99").formParam("username", name)
        .formParam("password", People.PASSWORD).post("/login").then().statusCode(429).extract().header("Retry-After");
    assertTrue(Integer.parseInt(retry) >= 1, retry);

    // One address guessing many names is stopped too.
    for (int i = 0; i < 20; i++) {
      given().header("X-Forwarded-For", "203.0.113.77").formParam("username", People.uniqueName("nobody"))
          .formParam("password", "x").post("/login").then().statusCode(401);
    }
    given().header("X-Forwarded-For", "203.0.113.77").formParam("username", "admin")
        .formParam("password", Admin.password()).post("/login").then().statusCode(429).header("Retry-After", notNullValue());
    given().header("X-Forwarded-For", "203.0.113.78").redirects().follow(false).formParam("username", "admin")
        .formParam("password", Admin.password()).post("/login").then().statusCode(303);

    Admin.api().queryParam("user", name).queryParam("action", "login").get("/api/v1/audit").then().statusCode(200)
        .body("outcome", hasItem(containsString("too many failed logins")))
        .body("outcome", hasItem("refused: wrong username or password"))
        .body("source", hasItem("198.51.100.1"));
  }

  @Test
  void changesAreAuditedWithSecretsRedactedAndExportAsJsonLines() throws Exception {
    String name = People.uniqueName("audited");
    String since = java.time.Instant.now().minusSeconds(1).toString();
    Admin.api().header("X-Forwarded-For", "192.0.2.10")
        .body("{\"username\":\"" + name + "\",\"password\":\"super secret pw\",\"role\":\"viewer\"}")
        .post("/api/v1/users").then().statusCode(201);
    Admin.api().delete("/api/v1/users/no-such-user-here").then().statusCode(404);

    List<java.util.Map<String, Object>> entries = Admin.api().queryParam("user", "admin")
        .queryParam("action", "POST /api/v1/users").queryParam("since", since).get("/api/v1/audit")
        .then().statusCode(200).extract().jsonPath().getList("$");
    var created = entries.stream().filter(e -> e.toString().contains(name)).findFirst().orElseThrow();
    assertEquals("192.0.2.10", created.get("source"));
    assertEquals("api", created.get("channel"));
    assertEquals("ok", created.get("outcome"));
    assertFalse(created.toString().contains("super secret pw"), created.toString());
    assertTrue(created.toString().contains(AuditParameters.REDACTED), created.toString());

    String jsonl = Admin.api().queryParam("format", "jsonl").queryParam("since", since).get("/api/v1/audit")
        .then().statusCode(200).contentType("application/jsonl").extract().asString();
    ObjectMapper json = new ObjectMapper();
    List<String> lines = jsonl.lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.contains("DELETE /api/v1/users/{name}") && l.contains("status 404")), jsonl);
    for (String line : lines) {
      assertTrue(json.readTree(line).has("at"), line);
    }
    Admin.api().queryParam("since", "yesterday").get("/api/v1/audit").then().statusCode(400);

    // Append-only, down to the database.
    org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
        db.createNativeQuery("delete from audit_entry").executeUpdate()));

    CookieFilter admin = Admin.webSession();
    given().filter(admin).queryParam("user", "admin").get("/audit").then().statusCode(200)
        .body(containsString("POST /api/v1/users"));
    String viewer = People.create("peek", "viewer");
    given().filter(People.signIn(viewer, People.PASSWORD)).get("/audit").then().statusCode(403);
  }
}
