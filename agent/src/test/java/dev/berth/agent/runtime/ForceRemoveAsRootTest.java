package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker rm -f} right after {@code docker start}, and a start right after a create: the
 * fast paths of the lifecycle, where conmon may not have written the exit file yet.
 */
@Tag("root")
class ForceRemoveAsRootTest {
  @TempDir Path temp;
  private RuntimeFixture fixture;
  private ContainerRuntime runtime;

  @BeforeEach
  void setUp() throws Exception {
    fixture = RuntimeFixture.onThisHost(temp);
    runtime = fixture.runtime();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void forceRemovesAContainerTheMomentItStarted() throws Exception {
    for (int i = 0; i < 10; i++) {
      Container created = runtime.create(RuntimeFixture.run("sleep", "300").build());
      assertEquals(ContainerStatus.RUNNING, runtime.start(created.id()).status());
      runtime.delete(created.id(), true);
    }
    assertTrue(runtime.list().isEmpty());
  }
}
