package dev.berth.agent.localapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.api.DockerApiRouter;
import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.api.PingEndpoint;
import dev.berth.agent.api.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.1 on the agent's unix socket, byte by byte: framing, keep-alive, hijack, refusals, the socket file. */
@Timeout(20)
class LocalApiServerTest {
  @TempDir Path dir;
  private Path socket;
  private LocalApiServer server;
  private final CountDownLatch secondChunkAllowed = new CountDownLatch(1);

  private final DockerApiRouter router = new DockerApiRouter(List.of(
      DockerRoute.getOrHead("/_ping", new PingEndpoint()),
      DockerRoute.post("/echo", (request, variables, response) ->
          JsonReply.send(response, 200, Map.of("body", new String(request.body().readAllBytes(), StandardCharsets.UTF_8),
              "path", request.rawPath()))),
      DockerRoute.get("/stream", (request, variables, response) -> {
        try (StreamedBody body = new StreamedBody(response, 200, "text/plain")) {
          body.write("first".getBytes(StandardCharsets.UTF_8));
          body.flush();
          awaitQuietly(secondChunkAllowed);
          body.write("second".getBytes(StandardCharsets.UTF_8));
        }
      }),
      DockerRoute.post("/shout", (request, variables, response) -> {
        response.head(101, Map.of("Content-Type", List.of("application/vnd.docker.raw-stream"),
            "Connection", List.of("Upgrade"), "Upgrade", List.of("tcp")));
        OutputStream out = response.body();
        InputStream in = request.body();
        byte[] buffer = new byte[1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(new String(buffer, 0, n, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
        out.write("bye".getBytes(StandardCharsets.UTF_8)); // after the client's half-close
        out.close();
      })));

  @BeforeEach
  void start() throws IOException {
    socket = dir.resolve("run/docker.sock");
    server = LocalApiServer.start(socket, router);
  }

  @AfterEach
  void stop() {
    secondChunkAllowed.countDown();
    server.close();
  }

  @Test
  void readsAChunkedRequestBodyWithExtensionsAndTrailers() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      client.send("POST /v1.47/echo HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
      RawHttpClient.Answer answer = client.read();
      assertEquals(200, answer.status());
      assertEquals("{\"body\":\"hello, world\",\"path\":\"/v1.47/echo\"}", sortedJson(answer.body()));
      assertEquals("1.47", answer.headers().get("Api-Version"), "the engine's headers");
    }
  }

  @Test
  void servesSeveralRequestsOnOneConnection() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      client.send("POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
      assertEquals("abc", bodyField(client.read()));
      // the second request pipelined with a third
      client.send("GET /_ping HTTP/1.1\r\n\r\nPOST /echo HTTP/1.1\r\nContent-Length: 2\r\n\r\nde");
      RawHttpClient.Answer ping = client.read();
      assertEquals(200, ping.status());
      assertEquals("OK", ping.body());
      assertEquals("de", bodyField(client.read()));
    }
  }

  @Test
  void drainsABodyTheEndpointDidNotReadBeforeTheNextRequest() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      client.send("GET /_ping HTTP/1.1\r\nContent-Length: 5\r\n\r\nxxxxxGET /_ping HTTP/1.1\r\n\r\n");
      assertEquals("OK", client.read().body());
      assertEquals("OK", client.read().body());
    }
  }

  @Test
  void refusesABadRequestLineWith400AndCloses() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      RawHttpClient.Answer answer = client.send("HELLO THERE\r\n\r\n").read();
      assertEquals(400, answer.status());
      assertTrue(answer.body().contains("\"message\":\"malformed HTTP request \\\"HELLO THERE\\\"\""), answer.body());
      assertEquals("close", answer.headers().get("Connection"));
      assertEquals("", client.rest(), "closed after the refusal");
    }
    assertEquals(400, answerTo("GET /_ping HTTP/1.1\r\nNo colon here\r\n\r\n").status());
    assertEquals(400, answerTo("GET relative HTTP/1.1\r\n\r\n").status());
    assertEquals(400, answerTo("GET /_ping HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n").status());
    assertEquals(400, answerTo("POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n").status());
    assertEquals(400, answerTo("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").status());
    assertEquals(501, answerTo("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").status());
    assertEquals(505, answerTo("GET /_ping HTTP/2.0\r\n\r\n").status());
  }

  @Test
  void refusesAnOversizeHeadWith431() throws IOException {
    String big = "X-Big: " + "a".repeat(HttpConnection.MAX_HEAD_BYTES) + "\r\n";
    RawHttpClient.Answer answer = answerTo("GET /_ping HTTP/1.1\r\n" + big + "\r\n");
    assertEquals(431, answer.status());
    assertTrue(answer.body().contains("request header fields too large"), answer.body());
    String many = "X-Small: 1234567890\r\n".repeat(HttpConnection.MAX_HEAD_BYTES / 20);
    assertEquals(431, answerTo("GET /_ping HTTP/1.1\r\n" + many + "\r\n").status());
    assertEquals(200, answerTo("GET /_ping HTTP/1.1\r\nConnection: close\r\n\r\n").status(), "still serving");
  }

  @Test
  void sendsEachFlushOfAStreamedAnswerAsAChunk() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      client.send("GET /stream HTTP/1.1\r\n\r\n");
      RawHttpClient.Answer head = client.readHead();
      assertEquals("chunked", head.headers().get("Transfer-Encoding"));
      assertEquals("first", client.chunk(), "the first chunk arrives while the endpoint still waits");
      secondChunkAllowed.countDown();
      assertEquals("second", client.chunk());
      assertEquals("", client.chunk());
      assertEquals("OK", client.send("GET /_ping HTTP/1.1\r\n\r\n").read().body(), "kept alive after a stream");
    }
  }

  @Test
  void answersHeadWithHeadersOnly() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      RawHttpClient.Answer head = client.send("HEAD /_ping HTTP/1.1\r\n\r\n").readHead();
      assertEquals(200, head.status());
      assertEquals("1.47", head.headers().get("Api-Version"));
      assertEquals("OK", client.send("GET /_ping HTTP/1.1\r\n\r\n").read().body(), "no body bytes came between");
    }
  }

  @Test
  void hijacksTheConnectionAfter101AndEndsOnlyTheInputOnHalfClose() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      client.send("POST /shout HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
      RawHttpClient.Answer upgraded = client.readHead();
      assertEquals(101, upgraded.status());
      assertEquals("tcp", upgraded.headers().get("Upgrade"));
      assertFalse(upgraded.headers().containsKey("Transfer-Encoding"));
      client.send("hello ");
      client.send("raw");
      client.halfClose();
      assertEquals("HELLO RAWbye", client.rest(), "raw bytes both ways; the answer outlives the client's half-close");
    }
  }

  @Test
  void answersHttp10WithoutChunksAndCloses() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      secondChunkAllowed.countDown();
      client.send("GET /stream HTTP/1.0\r\n\r\n");
      RawHttpClient.Answer answer = client.read();
      assertEquals("firstsecond", answer.body());
      assertEquals("close", answer.headers().get("Connection"));
    }
  }

  @Test
  void keepsAnHttp10ConnectionOpenWhenAskedTo() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      RawHttpClient.Answer ping = client.send("GET /_ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertEquals("keep-alive", ping.headers().get("Connection"));
      assertEquals("OK", client.send("GET /_ping HTTP/1.0\r\n\r\n").read().body());
      assertEquals("", client.rest(), "closed after a plain HTTP/1.0 request");
    }
  }

  @Test
  void sendsContinueWhenTheClientWaitsForIt() throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      client.send("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
      assertEquals(100, client.readHead().status());
      client.send("ok");
      assertEquals("ok", bodyField(client.read()));
    }
  }

  @Test
  void keepsTheSocketToItsOwnerAndGroupAndRemovesItWhenClosed() throws IOException {
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    server.close();
    assertFalse(Files.exists(socket));
  }

  @Test
  void replacesAStaleSocketButNotALiveOneOrAnotherFile() throws IOException {
    Path other = dir.resolve("other.sock");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(other));
      IOException inUse = assertThrows(IOException.class, () -> LocalApiServer.start(other, router));
      assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
    }
    assertTrue(Files.exists(other), "the closed listener left its socket file behind: stale now");
    try (LocalApiServer replaced = LocalApiServer.start(other, router); RawHttpClient client = new RawHttpClient(other)) {
      assertEquals("OK", client.send("GET /_ping HTTP/1.1\r\n\r\n").read().body());
    }
    Path file = Files.writeString(dir.resolve("file.sock"), "not a socket");
    assertThrows(FileAlreadyExistsException.class, () -> LocalApiServer.start(file, router));
    assertEquals("not a socket", Files.readString(file));
  }

  private RawHttpClient.Answer answerTo(String request) throws IOException {
    try (RawHttpClient client = new RawHttpClient(socket)) {
      return client.send(request).read();
    }
  }

  private static String bodyField(RawHttpClient.Answer answer) throws IOException {
    assertEquals(200, answer.status(), answer.body());
    return JsonReply.mapper().readTree(answer.body()).get("body").asText();
  }

  private static String sortedJson(String json) throws IOException {
    return JsonReply.mapper().writeValueAsString(JsonReply.mapper().treeToValue(JsonReply.mapper().readTree(json),
        java.util.TreeMap.class));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
