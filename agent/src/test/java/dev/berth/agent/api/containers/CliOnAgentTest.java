package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.api.images.DockerCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up of the stock-docker-CLI tests: the agent of {@link EndpointsOnAgentTest} and the CLI
 * on its local socket, both closed after each test. Skipped where the docker CLI is not installed.
 */
abstract class CliOnAgentTest extends EndpointsOnAgentTest {
  DockerCli docker;

  @BeforeAll
  static void cliInstalled() {
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
  }

  @BeforeEach
  void startCli() throws Exception {
    docker = new DockerCli(dir, api.agent.dockerApi());
  }

  /** {@link ContainerApi#restartAgent Restarts the agent} over the same state, the CLI on the new one. */
  void restartAgent(ContainerApi.WhileStopped whileStopped) throws Exception {
    docker.close();
    docker = null;
    api.restartAgent(whileStopped);
    docker = new DockerCli(dir, api.agent.dockerApi());
  }

  @AfterEach
  void stopCli() throws Exception {
    if (docker != null) {
      docker.close();
    }
  }
}
