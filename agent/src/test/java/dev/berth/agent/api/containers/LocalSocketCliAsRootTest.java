package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.api.images.DockerCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock docker CLI with {@code DOCKER_HOST=unix://<socket>} on the agent's own local socket
 * ({@link dev.berth.agent.localapi.LocalApiServer}), the way a user on the host runs it.
 */
@Tag("root")
class LocalSocketCliAsRootTest {
  @TempDir Path dir;
  private ContainerApi api;
  private DockerCli docker;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
    api = ContainerApi.onThisHost(dir);
    docker = new DockerCli(dir, api.agent.dockerApi());
  }

  @AfterEach
  void stop() throws Exception {
    if (docker != null) {
      docker.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void versionImagesRunPsFollowLogsWaitAndRemove() throws Exception {
    String version = docker.run("version");
    assertTrue(version.contains("Server: Berth Engine") && version.contains("API version:      1.47"), version);
    assertTrue(docker.run("images").contains("busybox"), "the image is listed");

    String id = docker.run("run", "-d", "--name", "sock", "--network", "none", "busybox",
        "sh", "-c", "echo one; sleep 1; echo two; exit 7").strip();
    assertTrue(id.matches("[0-9a-f]{64}"), id);
    assertTrue(docker.run("ps").contains(id.substring(0, 12)), "running");
    assertEquals(List.of("one", "two"), docker.run("logs", "-f", "sock").lines().toList(), "followed to the exit");
    assertEquals("7", docker.run("wait", "sock").strip());
    docker.run("rm", "sock");
    assertEquals("", docker.run("ps", "-aq").strip());
  }
}
