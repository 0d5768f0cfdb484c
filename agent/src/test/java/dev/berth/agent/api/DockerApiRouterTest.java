package dev.berth.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.AgentVersion;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerApiRouterTest {

  private final DockerApiRouter router = new DockerApiRouter(List.of(
      DockerRoute.getOrHead("/_ping", new PingEndpoint()),
      DockerRoute.get("/containers/{id}/json", (request, variables, response) ->
          JsonReply.send(response, 200, Map.of("Id", variables.get("id"),
              "all", request.queryFlag("all")))),
      DockerRoute.get("/boom", (request, variables, response) -> {
        throw new IllegalStateException("disk on fire");
      }),
      DockerRoute.get("/missing", (request, variables, response) -> {
        throw new DockerApiException(404, "No such container: abc");
      })));

  @Test
  void pingAnswersOkWithDockersHeaders() throws IOException {
    CapturedResponse response = handle("GET", "/_ping");

    assertEquals(200, response.status);
    assertEquals("OK", response.text());
    assertTrue(response.ended);
    assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
    assertEquals("1.47", response.header("Api-Version"));
    assertEquals("1", response.header("Builder-Version"));
    assertEquals("no-cache, no-store, must-revalidate", response.header("Cache-Control"));
    assertEquals("no-cache", response.header("Pragma"));
    assertEquals("false", response.header("Docker-Experimental"));
    assertEquals("linux", response.header("Ostype"));
    assertEquals("Berth/" + AgentVersion.current() + " (linux)", response.header("Server"));
  }

  @Test
  void headPingSendsHeadersWithoutBody() throws IOException {
    CapturedResponse response = handle("HEAD", "/_ping");

    assertEquals(200, response.status);
    assertEquals("", response.text());
    assertEquals("1.47", response.header("Api-Version"));
    assertTrue(response.ended);
  }

  @Test
  void stripsTheVersionPrefixAndReadsPathVariablesAndQuery() throws IOException {
    CapturedResponse response = handle("GET", "/v1.47/containers/web%2D1/json?all=1");

    assertEquals(200, response.status);
    assertEquals("application/json", response.header("Content-Type"));
    assertEquals("web-1", response.json().get("Id").asText());
    assertTrue(response.json().get("all").asBoolean());
  }

  @Test
  void acceptsOlderSupportedVersions() throws IOException {
    assertEquals(200, handle("GET", "/v1.24/_ping").status);
  }

  @Test
  void refusesVersionsOutsideTheSupportedRange() throws IOException {
    CapturedResponse tooNew = handle("GET", "/v1.99/_ping");
    assertEquals(400, tooNew.status);
    assertEquals("client version 1.99 is too new. Maximum supported API version is 1.47",
        tooNew.json().get("message").asText());

    CapturedResponse tooOld = handle("GET", "/v1.12/_ping");
    assertEquals(400, tooOld.status);
    assertTrue(tooOld.json().get("message").asText().startsWith("client version 1.12 is too old"));
  }

  @Test
  void unknownRouteIs404PageNotFound() throws IOException {
    CapturedResponse response = handle("GET", "/v1.47/nonsense");

    assertEquals(404, response.status);
    assertEquals("{\"message\":\"page not found\"}", response.text());
    assertEquals("application/json", response.header("Content-Type"));
    assertEquals("1.47", response.header("Api-Version"));
  }

  @Test
  void wrongMethodIs404() throws IOException {
    assertEquals(404, handle("POST", "/_ping").status);
  }

  @Test
  void handlerExceptionIs500WithItsMessage() throws IOException {
    CapturedResponse response = handle("GET", "/boom");

    assertEquals(500, response.status);
    assertEquals("disk on fire", response.json().get("message").asText());
  }

  @Test
  void dockerApiExceptionKeepsItsStatus() throws IOException {
    CapturedResponse response = handle("GET", "/missing");

    assertEquals(404, response.status);
    assertEquals("No such container: abc", response.json().get("message").asText());
  }

  @Test
  void aGreedyVariableTakesSeveralSegmentsAndDeleteRoutesMatch() {
    DockerRoute inspect = DockerRoute.get("/images/{name:.*}/json", (request, variables, response) -> { });
    assertEquals(Map.of("name", "localhost:5000/a/b:t"),
        inspect.match("GET", "/images/localhost:5000/a/b:t/json").orElseThrow());
    assertEquals(Map.of("name", "busybox"), inspect.match("GET", "/images/busybox/json").orElseThrow());
    assertTrue(inspect.match("GET", "/images/json").isEmpty());
    assertTrue(inspect.match("GET", "/images//json").isEmpty());
    DockerRoute remove = DockerRoute.delete("/images/{name:.*}", (request, variables, response) -> { });
    assertEquals(Map.of("name", "a/b:c"), remove.match("DELETE", "/images/a/b%3Ac").orElseThrow());
    assertTrue(remove.match("GET", "/images/a").isEmpty());
  }

  @Test
  void filtersAreReadInBothOfDockersJsonForms() {
    assertEquals(Map.of("dangling", List.of("true"), "label", List.of("a=b", "c")),
        DockerFilters.of(DockerRequest.of("GET", "/images/json?filters="
            + "%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%2C%22label%22%3A%5B%22a%3Db%22%2C%22c%22%5D%7D")).values());
    assertTrue(DockerFilters.of(DockerRequest.of("GET", "/images/json")).values().isEmpty());
  }

  @Test
  void requestHelpersDecodeQueryAndMatchHeadersIgnoringCase() {
    DockerRequest request = new DockerRequest("GET", "/v1.47/images/json?filters=%7B%22a%22%3A1%7D&x=1&x=2",
        Map.of("X-Registry-Auth", List.of("abc")), null);

    assertEquals("/v1.47/images/json", request.path());
    assertEquals("{\"a\":1}", request.queryParam("filters").orElseThrow());
    assertEquals(List.of("1", "2"), request.query().get("x"));
    assertEquals("abc", request.header("x-registry-auth").orElseThrow());
  }

  private CapturedResponse handle(String method, String path) throws IOException {
    CapturedResponse response = new CapturedResponse();
    router.handle(DockerRequest.of(method, path), response);
    return response;
  }
}
