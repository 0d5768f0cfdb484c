package dev.berth.control.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.support.Admin;
import dev.berth.control.support.People;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The security suite's walk of every route: each operation of the OpenAPI document, each Docker API route the
 * agent serves (read from the agent's route table in its sources, so new routes are walked too), {@code /v2/}
 * and the dashboard pages. Without credentials everything answers 401 (pages: a redirect to /login) except
 * login, static assets, health, enrollment and the CA certificate; a viewer gets 403 on every change; an operator gets 403 on every
 * change or read of a host not granted (lists show only the hosts granted); SQL injection in every query
 * parameter of every read changes nothing and
 * never fails with 500. (Expired and revoked tokens: PeopleAndTokensTest; a removed host's agent reconnecting:
 * AgentProcessLinkTest; CSRF: PeopleAndTokensTest; docker cp and layer traversal: the agent's
 * ContainerFilesystem* and LayerApplierSafety tests; build contexts: BuildCliCompatibilityAsRootTest.)
 */
@QuarkusTest
class RouteWalkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MUTATING = Set.of("post", "put", "patch", "delete");
  private static final Set<String> OPEN = Set.of("/api/v1/enroll", "/api/v1/ca-certificate", "/login");
  // a viewer's own things: its password, API tokens, signing out
  private static final Pattern OWN = Pattern.compile("^(/api/v1)?/(tokens|account)(/.*)?$|^/logout$|^/login$");
  private static final Pattern DOCKER_ROUTE =
      Pattern.compile("DockerRoute\\.(get|post|put|delete|head)\\(\"([^\"]+)\"");
  private static final List<String> PAGES = List.of("/", "/containers", "/images", "/volumes", "/jobs", "/users",
      "/audit", "/account", "/hosts/h1", "/hosts/h1/containers/c1", "/hosts/h1/images/i1", "/fragments/hosts",
      "/fragments/jobs", "/events");
  private static final List<String> INJECTIONS = List.of("' OR '1'='1", "'; drop table host; --",
      "1) or (1=1", "\" OR \"\"=\"", "%' union select null--", "\\'; select pg_sleep(0); --");

  @Test
  void everyApiOperationNeedsCredentialsAndViewersChangeNothing() throws IOException {
    String viewerToken = People.token(People.signIn(People.create("walker", "viewer"), People.PASSWORD), "viewer");
    List<String[]> operations = openApiOperations();
    assertTrue(operations.size() > 30, "the OpenAPI document lists the API: " + operations.size());
    for (String[] operation : operations) {
      String method = operation[0];
      String path = operation[1];
      if (OPEN.contains(path)) {
        continue;
      }
      io.restassured.response.Response anonymous = given().redirects().follow(false).contentType("application/json")
          .body("{}").request(method, path);
      if (path.startsWith("/api/")) {
        assertEquals(401, anonymous.statusCode(), method + " " + path + " without credentials");
      } else {
        assertSentToLogin(method + " " + path, anonymous);
      }
      if (MUTATING.contains(method) && !OWN.matcher(path).matches()) {
        RequestSpecification asViewer = given().header("Authorization", "Bearer " + viewerToken);
        asViewer = operation[2].startsWith("application/x-www-form-urlencoded") ? asViewer.formParam("x", "1")
            : asViewer.contentType(operation[2]).body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int viewer = asViewer.request(method, path).statusCode();
        assertEquals(403, viewer, method + " " + path + " as a viewer");
      }
    }
  }

  @Test
  void everyDockerRouteNeedsCredentialsViewersAndUngrantedOperatorsChangeNothing() throws IOException {
    String viewerToken = People.token(People.signIn(People.create("walker", "viewer"), People.PASSWORD), "viewer");
    String operator = People.create("walker", "operator");
    String operatorToken = People.token(People.signIn(operator, People.PASSWORD), "operator");
    Admin.api().body("{\"hosts\":[\"some-other-host\"]}").put("/api/v1/users/" + operator + "/grants")
        .then().statusCode(200);
    List<String[]> routes = dockerRoutes();
    assertTrue(routes.size() > 50, "the agent's route table: " + routes.size());
    for (String[] route : routes) {
      String path = "/docker/walk-host/v1.47" + route[1];
      assertEquals(401, given().request(route[0], path).statusCode(), route[0] + " " + path + " without credentials");
      if (MUTATING.contains(route[0])) {
        assertEquals(403, People.api(viewerToken).body("{}").request(route[0], path).statusCode(),
            route[0] + " " + path + " as a viewer");
      }
      // reads too: an operator sees nothing of a host not granted
      assertEquals(403, People.api(operatorToken).body("{}").request(route[0], path).statusCode(),
          route[0] + " " + path + " as an operator not granted the host");
    }
    assertEquals(401, given().get("/docker/walk-host/_ping").statusCode());
  }

  @Test
  void anOperatorReadsNothingOfAHostNotGranted() throws IOException {
    String operator = People.create("reader", "operator");
    String operatorToken = People.token(People.signIn(operator, People.PASSWORD), "operator");
    for (String host : List.of("granted-walk-host", "ungranted-walk-host")) {
      given().contentType("application/json").body("{\"name\":\"" + host + "\",\"token\":\"" + Admin.joinToken() + "\"}")
          .post("/api/v1/enroll").then().statusCode(201);
    }
    Admin.api().body("{\"hosts\":[\"granted-walk-host\"]}").put("/api/v1/users/" + operator + "/grants")
        .then().statusCode(200);
    int reads = 0;
    for (String[] operation : openApiOperations("ungranted-walk-host")) {
      if (operation[0].equals("get") && operation[3].contains("{host}")) {
        int status = People.api(operatorToken).get(operation[1]).statusCode();
        assertTrue(status == 403 || status == 404, "GET " + operation[1] + " as an operator not granted it: " + status);
        reads++;
      }
    }
    assertTrue(reads >= 3, "host reads walked: " + reads);
    for (String page : List.of("/hosts/ungranted-walk-host", "/hosts/ungranted-walk-host/containers/c1",
        "/hosts/ungranted-walk-host/images/i1")) {
      int status = People.api(operatorToken).header("Accept", "text/html").get(page).statusCode();
      assertTrue(status == 403 || status == 404, page + " as an operator not granted it: " + status);
    }
    for (String list : List.of("/api/v1/containers", "/api/v1/images", "/api/v1/volumes", "/api/v1/networks")) {
      assertEquals(403, People.api(operatorToken).queryParam("host", "ungranted-walk-host").get(list).statusCode(), list);
      People.api(operatorToken).get(list).then().statusCode(200)
          .body("host", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("granted-walk-host")));
    }
    List<String> hosts = People.api(operatorToken).get("/api/v1/hosts").then().statusCode(200).extract().path("name");
    assertEquals(List.of("granted-walk-host"), hosts);

    // Jobs and backups of the ungranted host are not there for the operator: not listed, not readable.
    String job = Admin.api().body("{\"host\":\"ungranted-walk-host\",\"kind\":\"echo\",\"params\":{}}")
        .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    assertTrue(People.api(operatorToken).get("/api/v1/jobs").then().statusCode(200).extract()
        .<List<String>>path("host").stream().noneMatch("ungranted-walk-host"::equals));
    assertEquals(404, People.api(operatorToken).get("/api/v1/jobs/" + job).statusCode());
    assertEquals(404, People.api(operatorToken).post("/api/v1/jobs/" + job + "/cancel").statusCode());
    String backup = Admin.api().contentType("application/x-tar").body(new byte[1024])
        .post("/api/v1/backups/upload?host=ungranted-walk-host&volume=walk-data").then().statusCode(201).extract().path("id");
    assertTrue(People.api(operatorToken).get("/api/v1/backups").then().statusCode(200).extract()
        .<List<String>>path("id").stream().noneMatch(backup::equals));
    for (String read : List.of("/api/v1/backups/" + backup, "/api/v1/backups/" + backup + "/archive")) {
      assertEquals(404, People.api(operatorToken).get(read).statusCode(), read);
    }
    assertEquals(200, Admin.api().get("/api/v1/backups/" + backup).statusCode());
    String found = People.api(operatorToken).header("Accept", "text/html").queryParam("q", "walk-host").get("/search").asString();
    assertTrue(found.contains("granted-walk-host") && !found.contains("ungranted-walk-host"), found);
    assertTrue(Admin.api().get("/api/v1/hosts").then().extract().<List<String>>path("name").contains("ungranted-walk-host"));
  }

  @Test
  void theRegistryAndTheDashboardNeedCredentialsButLoginAssetsAndHealthDoNot() {
    assertEquals(401, given().get("/v2/").statusCode());
    assertEquals(401, given().get("/v2/_catalog").statusCode());
    assertEquals(401, given().get("/v2/some/repo/manifests/latest").statusCode());
    for (String page : PAGES) {
      assertSentToLogin(page, given().redirects().follow(false).header("Accept", "text/html").get(page));
    }
    assertEquals(200, given().get("/login").statusCode());
    assertEquals(200, given().get("/q/health").statusCode());
  }

  @Test
  void sqlInjectionInEveryQueryParameterChangesNothing() throws IOException {
    int hosts = Admin.api().get("/api/v1/hosts").then().statusCode(200).extract().jsonPath().getList("$").size();
    int checked = 0;
    for (JsonNode[] operation : queryOperations()) {
      String path = operation[0].asText().replaceAll("\\{[^}]+}", "nosuch");
      for (JsonNode parameter : operation[1]) {
        for (String injection : INJECTIONS) {
          int status = given().header("Authorization", "Bearer " + Admin.token())
              .queryParam(parameter.path("name").asText(), injection).get(path).statusCode();
          assertTrue(status == 200 || status == 400 || status == 404,
              "GET " + path + "?" + parameter.path("name").asText() + "=" + injection + ": " + status);
          checked++;
        }
      }
    }
    assertTrue(checked > 20, "filter parameters walked: " + checked);
    assertEquals(hosts, Admin.api().get("/api/v1/hosts").then().statusCode(200).extract().jsonPath().getList("$").size());
  }

  @Test
  void oversizedBodiesAreRefused() throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/v1/users"))
        .header("Authorization", "Bearer " + Admin.token()).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"" + "x".repeat(11 << 20) + "\"}"))
        .build();
    try {
      int status = java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      assertEquals(413, status);
    } catch (IOException closedBeforeTheBodyWasRead) {
      // the server answered 413 and closed the connection while the client was still sending: refused too
    }
  }

  // a page (or a dashboard form's POST) without a session: to the login page, or 401 for what a script calls
  private static void assertSentToLogin(String what, io.restassured.response.Response response) {
    int status = response.statusCode();
    String location = response.header("Location");
    assertTrue((status == 302 || status == 303) && location != null && location.contains("/login") || status == 401,
        what + ": " + status + " " + location);
  }

  private static JsonNode openApi() throws IOException {
    return JSON.readTree(Admin.api().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
        .extract().asString());
  }

  // every (method, path, content type) of the OpenAPI document, path parameters filled with names that exist nowhere
  private static List<String[]> openApiOperations() throws IOException {
    return openApiOperations("nosuch");
  }

  // every (method, path, content type, path template), path parameters filled with {@code value}
  private static List<String[]> openApiOperations(String value) throws IOException {
    List<String[]> operations = new ArrayList<>();
    openApi().path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
      if (Set.of("get", "post", "put", "patch", "delete").contains(operation.getKey())) {
        java.util.Iterator<String> types = operation.getValue().path("requestBody").path("content").fieldNames();
        operations.add(new String[] {operation.getKey(), path.getKey().replaceAll("\\{[^}]+}", value),
            types.hasNext() ? types.next() : "application/json", path.getKey()});
      }
    }));
    return operations;
  }

  // every GET of the OpenAPI document with query parameters: (path, [parameters])
  private static List<JsonNode[]> queryOperations() throws IOException {
    List<JsonNode[]> operations = new ArrayList<>();
    openApi().path("paths").properties().forEach(path -> {
      JsonNode get = path.getValue().path("get");
      List<JsonNode> query = new ArrayList<>();
      get.path("parameters").forEach(p -> {
        if (p.path("in").asText().equals("query")) {
          query.add(p);
        }
      });
      if (!query.isEmpty()) {
        operations.add(new JsonNode[] {JSON.getNodeFactory().textNode(path.getKey()),
            JSON.valueToTree(query)});
      }
    });
    return operations;
  }

  // the agent's route table: every DockerRoute.<method>("<path>") in its sources, parameters filled
  static List<String[]> dockerRoutes() throws IOException {
    Set<String> routes = new TreeSet<>();
    try (Stream<Path> sources = Files.walk(Path.of("agent/src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher route = DOCKER_ROUTE.matcher(Files.readString(source));
        while (route.find()) {
          routes.add(route.group(1) + " " + route.group(2).replaceAll("\\{[^}]+}", "nosuch"));
        }
      }
    }
    return routes.stream().map(route -> route.split(" ", 2)).toList();
  }
}
