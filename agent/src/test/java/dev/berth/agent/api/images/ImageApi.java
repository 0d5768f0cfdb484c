package dev.berth.agent.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.AgentComponents;
import dev.berth.agent.AgentConfig;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.image.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real agent in a temp data dir, called through its Docker API router; leaves no mount behind. */
final class ImageApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final AgentComponents agent;

  ImageApi(Path dir) throws IOException {
    this.dir = dir;
    this.agent = AgentComponents.create(new AgentConfig(URI.create("http://127.0.0.1:1"), "local",
        dir.resolve("data"), Optional.empty()));
  }

  /** Answers {@code method path} with {@code body}. */
  CapturedResponse call(String method, String path, byte[] body) throws IOException {
    CapturedResponse response = new CapturedResponse();
    agent.dockerApi().handle(new DockerRequest(method, path, Map.of(), new ByteArrayInputStream(body)), response);
    assertTrue(response.ended, "the answer was ended");
    return response;
  }

  /** Answers {@code method path} without a body. */
  CapturedResponse call(String method, String path) throws IOException {
    return call(method, path, new byte[0]);
  }

  /** A 200 JSON answer's body. */
  JsonNode json(String method, String path) throws IOException {
    CapturedResponse response = call(method, path);
    assertEquals(200, response.status, response.text());
    return response.json();
  }

  /** Imports a busybox rootfs (gzip) as {@code repo:tag}; returns the id the stream ended with. */
  String importBusybox(String repo, String tag, String... changes) throws Exception {
    Path tar = TestImages.busyboxRootfsTar(Files.createTempDirectory(dir, "rootfs"), "bb", "-z");
    StringBuilder query = new StringBuilder("/v1.47/images/create?fromSrc=-&repo=" + encode(repo) + "&tag=" + tag);
    for (String change : changes) {
      query.append("&changes=").append(encode(change));
    }
    CapturedResponse response = call("POST", query.toString(), Files.readAllBytes(tar));
    assertEquals(200, response.status, response.text());
    List<JsonNode> lines = lines(response);
    return lines.get(lines.size() - 1).get("status").asText();
  }

  /** The JSON messages of a stream answer; each line ends in CRLF as dockerd writes them. */
  static List<JsonNode> lines(CapturedResponse response) throws IOException {
    String text = response.text();
    assertTrue(text.endsWith("\r\n"), text);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** Fails when an overlay (or any) mount is left below the data dir. */
  void assertNoMountsLeft() throws IOException {
    String root = dir.toAbsolutePath().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      assertTrue(!fields[4].startsWith(root), "mount left behind: " + line);
    }
  }

  @Override
  public void close() throws Exception {
    agent.close();
    assertNoMountsLeft();
  }
}
