package dev.berth.agent.api.containers;

import dev.berth.agent.network.BridgeConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of the endpoint tests: an agent over a temp directory ({@link ContainerApi}), called
 * through its Docker API router and closed after each test (containers, mounts and cgroups go with
 * it). {@link CliOnAgentTest} adds the stock CLI on top.
 */
abstract class EndpointsOnAgentTest {
  @TempDir Path dir;
  ContainerApi api;

  @BeforeEach
  void startAgent() throws Exception {
    api = agentIn(dir);
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
  void stopAgent() throws Exception {
    if (api != null) {
      api.close();
    }
  }
}
