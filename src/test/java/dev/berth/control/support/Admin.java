package dev.berth.control.support;

import static io.restassured.RestAssured.given;

import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Requests as the bootstrap admin, with the token the control plane wrote at its first start. */
public final class Admin {
  private Admin() {}

  /** The admin API token from {@code $BERTH_DATA/admin-token}. */
  public static String token() {
    try {
      return Files.readString(EmbeddedPostgresResource.dataDir.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The admin password from {@code $BERTH_DATA/admin-password}. */
  public static String password() {
    try {
      return Files.readString(EmbeddedPostgresResource.dataDir.resolve("admin-password")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON request authenticated as admin. */
  public static RequestSpecification api() {
    return given().header("Authorization", "Bearer " + token()).contentType(ContentType.JSON);
  }

  /** A dashboard session of the admin (signed in through the login form), for page requests. */
  public static CookieFilter webSession() {
    CookieFilter cookies = new CookieFilter();
    given().filter(cookies).redirects().follow(false)
        .formParam("username", "admin").formParam("password", password()).post("/login").then().statusCode(303);
    return cookies;
  }

  /** A new one-time join token. */
  public static String joinToken() {
    return api().body("{\"ttlSeconds\":600}").post("/api/v1/enrollment-tokens")
        .then().statusCode(201).extract().path("token");
  }
}
