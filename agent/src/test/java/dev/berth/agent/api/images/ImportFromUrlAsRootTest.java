package dev.berth.agent.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.api.DockerApiRouter;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.image.TestImages;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker import <url>}: fetched from a local HTTP server, within the size bound or not. */
@Tag("root")
class ImportFromUrlAsRootTest {
  @TempDir Path dir;
  private ImageApi api;
  private HttpServer files;
  private String base;

  @BeforeEach
  void start() throws Exception {
    api = new ImageApi(dir.resolve("agent"));
    byte[] tar = Files.readAllBytes(TestImages.busyboxRootfsTar(dir, "bb", "-z"));
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    files.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        boolean found = path.equals("/bb.tar.gz") || path.equals("/chunked/bb.tar.gz");
        byte[] body = found ? tar : "no such file".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(found ? 200 : 404, path.startsWith("/chunked/") ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    files.start();
    base = "http://127.0.0.1:" + files.getAddress().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    files.stop(0);
    api.close();
  }

  @Test
  void importsWhatTheUrlServesAndSaysWhereFrom() throws Exception {
    CapturedResponse response = api.call("POST", "/images/create?fromSrc=" + ImageApi.encode(base + "/bb.tar.gz")
        + "&repo=bb&tag=web");

    assertEquals(200, response.status, response.text());
    List<JsonNode> lines = ImageApi.lines(response);
    assertEquals("Downloading from " + base + "/bb.tar.gz", lines.get(0).get("status").asText());
    String id = lines.get(lines.size() - 1).get("status").asText();
    JsonNode inspect = api.json("GET", "/images/bb:web/json");
    assertEquals(id, inspect.get("Id").asText());
    assertEquals("Imported from " + base + "/bb.tar.gz", inspect.get("Comment").asText());
  }

  @Test
  void aMissingFileIsAPlain404WithTheServersAnswer() throws Exception {
    CapturedResponse response = api.call("POST", "/images/create?fromSrc=" + ImageApi.encode(base + "/nope.tar"));

    assertEquals(404, response.status);
    assertEquals("failed to GET " + base + "/nope.tar with status 404 Not Found: no such file",
        response.json().get("message").asText());
  }

  @Test
  void onlyHttpAndHttpsAreFetched() throws Exception {
    CapturedResponse response = api.call("POST", "/images/create?fromSrc=" + ImageApi.encode("file:///etc/passwd"));

    assertEquals(400, response.status);
    assertTrue(response.json().get("message").asText().startsWith("unsupported URL scheme \"file\""));
  }

  @Test
  void aDownloadOverTheSizeBoundIsRefused() throws Exception {
    ImportSource small = new ImportSource(HttpClient.newHttpClient(), 1000, Duration.ofMinutes(1));
    DockerApiRouter router = new DockerApiRouter(List.of(
        DockerRoute.post("/images/create", new ImportImageEndpoint(api.agent.images(), small))));
    CapturedResponse response = new CapturedResponse();

    router.handle(new DockerRequest("POST", "/images/create?fromSrc=" + ImageApi.encode(base + "/bb.tar.gz"),
        Map.of(), new ByteArrayInputStream(new byte[0])), response);

    assertEquals(400, response.status);
    assertTrue(response.json().get("message").asText().contains("larger than the limit of 1000 bytes"));

    CapturedResponse chunked = new CapturedResponse();
    router.handle(new DockerRequest("POST", "/images/create?fromSrc=" + ImageApi.encode(base + "/chunked/bb.tar.gz"),
        Map.of(), new ByteArrayInputStream(new byte[0])), chunked);
    assertEquals(200, chunked.status, "the stream had started: the error is in it");
    List<JsonNode> lines = ImageApi.lines(chunked);
    assertTrue(lines.get(lines.size() - 1).get("error").asText().contains("larger than the limit of 1000 bytes"),
        chunked.text());
    assertTrue(api.json("GET", "/images/json?all=1").isEmpty());
  }
}
