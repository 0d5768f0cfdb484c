package dev.berth.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.AgentComponents;
import dev.berth.agent.AgentConfig;
import dev.berth.agent.api.images.DockerCli;
import dev.berth.agent.localapi.LocalApiServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock {@code docker} CLI against the router on its unix socket; skipped where it is missing. */
class DockerCliCompatibilityTest {

  @TempDir Path dataDir;

  @Test
  void dockerCliShowsVersionAndInfoWithoutErrors() throws Exception {
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
    AgentConfig config = new AgentConfig(URI.create("http://127.0.0.1:1"), "local", dataDir, Optional.empty());
    try (AgentComponents agent = AgentComponents.create(config);
        LocalApiServer server = LocalApiServer.start(dataDir.resolve("docker.sock"), agent.dockerApi())) {
      String host = "unix://" + server.path();

      String version = docker(host, "version");
      assertTrue(version.contains("Server: Berth Engine"), version);
      assertTrue(version.contains("API version:      1.47 (minimum version 1.24)"), version);

      String info = docker(host, "info");
      assertTrue(info.contains("Storage Driver: overlay2"), info);
      assertTrue(info.contains("Docker Root Dir: " + dataDir.toAbsolutePath()), info);
      assertTrue(!info.contains("ERROR") && !info.contains("WARNING"), info);
    }
  }

  private String docker(String host, String command) throws IOException, InterruptedException {
    Path config = Files.createDirectories(dataDir.resolve("docker-config"));
    Process process = new ProcessBuilder(List.of("docker", "--config", config.toString(), "-H", host, command))
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
