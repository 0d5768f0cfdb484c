package dev.berth.control.support;

import static io.restassured.RestAssured.given;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Users of tests' own (unique names), their dashboard sessions, CSRF tokens and API tokens. */
public final class People {
  /** The password every test user gets. */
  public static final String PASSWORD = "correct horse battery";
  private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

  private People() {}

  /** A unique username starting with {@code prefix}. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a user with {@link #PASSWORD} who need not change it; returns the name. */
  public static String create(String prefix, String role) {
    String name = uniqueName(prefix);
    Admin.api().body("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role
        + "\",\"mustChangePassword\":false}").post("/api/v1/users").then().statusCode(201);
    return name;
  }

  /** A dashboard session of the user. */
  public static CookieFilter signIn(String username, String password) {
    CookieFilter cookies = new CookieFilter();
    given().filter(cookies).redirects().follow(false)
        .formParam("username", username).formParam("password", password).post("/login").then().statusCode(303);
    return cookies;
  }

  /** The CSRF token the dashboard gives this session (from a page's meta tag). */
  public static String csrf(CookieFilter session) {
    String page = given().filter(session).get("/account").then().statusCode(200).extract().asString();
    Matcher matcher = CSRF_META.matcher(page);
    if (!matcher.find()) {
      throw new AssertionError("no csrf-token meta tag in the page");
    }
    return matcher.group(1);
  }

  /** A new API token of the user (through their session) with this role. */
  public static String token(CookieFilter session, String role) {
    return given().filter(session).header("X-CSRF-Token", csrf(session)).contentType(ContentType.JSON)
        .body("{\"name\":\"test\",\"role\":\"" + role + "\"}").post("/api/v1/tokens")
        .then().statusCode(201).extract().path("token");
  }

  /** A JSON request with this bearer token. */
  public static RequestSpecification api(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }
}
