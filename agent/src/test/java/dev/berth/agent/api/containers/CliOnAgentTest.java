package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.api.images.DockerCli;
import dev.berth.agent.network.BridgeConfig;
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
    api = agentIn(dir);
    docker = new DockerCli(dir, api.agent.dockerApi());
  }

  /** The agent under test; tests of networking override this with {@link ContainerApi#withBridgeOnThisHost}. */
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.onThisHost(dir);
  }

  /** The agent's bridge network (for tests whose {@link #agentIn} gives it one). */
  BridgeConfig bridge() {
    return api.bridge.orElseThrow();
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
