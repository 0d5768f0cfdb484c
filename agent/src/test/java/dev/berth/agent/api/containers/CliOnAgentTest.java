package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.api.images.DockerCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of the stock-docker-CLI tests: an agent over a temp directory ({@link ContainerApi})
 * and the CLI on its local socket, both closed after each test (containers, mounts and cgroups go
 * with them). Skipped where the docker CLI is not installed.
 */
abstract class CliOnAgentTest {
  @TempDir Path dir;
  ContainerApi api;
  DockerCli docker;

  @BeforeEach
  void startAgentAndCli() throws Exception {
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
    api = ContainerApi.onThisHost(dir);
    docker = new DockerCli(dir, api.agent.dockerApi());
  }

  @AfterEach
  void stopAgentAndCli() throws Exception {
    if (docker != null) {
      docker.close();
    }
    if (api != null) {
      api.close();
    }
  }
}
