package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.agent.image.ConfigChanges;
import dev.berth.agent.image.json.ContainerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Docker's table "Understand how CMD and ENTRYPOINT interact" (Dockerfile reference), with the
 * instructions written as Dockerfile lines so shell and exec forms are stored as a build stores them.
 */
class ProcessArgsTest {
  private static final String EXEC_ENTRY = "ENTRYPOINT [\"exec_entry\", \"p1_entry\"]";
  private static final String SHELL_ENTRY = "ENTRYPOINT exec_entry p1_entry";
  private static final String EXEC_CMD = "CMD [\"exec_cmd\", \"p1_cmd\"]";
  private static final String SHELL_CMD = "CMD exec_cmd p1_cmd";

  @Test
  void noEntrypointAndNoCmdIsAnError() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> argv());
    assertEquals("No command specified", error.getMessage());
  }

  @Test
  void entrypointAloneRunsAsWrittenOrThroughTheShell() {
    assertEquals(List.of("/bin/sh", "-c", "exec_entry p1_entry"), argv(SHELL_ENTRY));
    assertEquals(List.of("exec_entry", "p1_entry"), argv(EXEC_ENTRY));
  }

  @Test
  void cmdAloneRunsAsWrittenOrThroughTheShell() {
    assertEquals(List.of("exec_cmd", "p1_cmd"), argv(EXEC_CMD));
    assertEquals(List.of("/bin/sh", "-c", "exec_cmd p1_cmd"), argv(SHELL_CMD));
  }

  @Test
  void execEntrypointTakesCmdAsArguments() {
    assertEquals(List.of("exec_entry", "p1_entry", "exec_cmd", "p1_cmd"), argv(EXEC_ENTRY, EXEC_CMD));
    assertEquals(List.of("exec_entry", "p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"), argv(EXEC_ENTRY, SHELL_CMD));
  }

  @Test
  void shellEntrypointIgnoresCmdInEffect() {
    // Docker appends CMD all the same; the shell only sees the words as $0 and $1, so the table's
    // "/bin/sh -c exec_entry p1_entry" is what runs.
    assertEquals(List.of("/bin/sh", "-c", "exec_entry p1_entry", "exec_cmd", "p1_cmd"), argv(SHELL_ENTRY, EXEC_CMD));
    assertEquals(List.of("/bin/sh", "-c", "exec_entry p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"),
        argv(SHELL_ENTRY, SHELL_CMD));
  }

  @Test
  void runArgumentsReplaceCmdAndKeepEntrypoint() {
    assertEquals(List.of("exec_entry", "p1_entry", "x", "y"), combine(config(EXEC_ENTRY, EXEC_CMD), null, "x", "y"));
    assertEquals(List.of("x", "y"), combine(config(EXEC_CMD), null, "x", "y"));
  }

  @Test
  void entrypointOverrideClearsTheImagesCmdUnlessACommandIsGiven() {
    ContainerConfig image = config(EXEC_ENTRY, EXEC_CMD);
    assertEquals(List.of("sh"), combine(image, List.of("sh")));
    assertEquals(List.of("sh", "-c", "true"), combine(image, List.of("sh"), "-c", "true"));
    assertEquals(List.of("echo", "hi"), combine(image, List.of(""), "echo", "hi"));
    assertThrows(IllegalArgumentException.class, () -> combine(image, List.of("")));
    assertThrows(IllegalArgumentException.class, () -> combine(image, List.of()));
  }

  private static List<String> argv(String... instructions) {
    return combine(config(instructions), null);
  }

  private static List<String> combine(ContainerConfig image, List<String> entrypoint, String... cmd) {
    return ProcessArgs.combine(image.entrypoint, image.cmd, entrypoint, List.of(cmd));
  }

  private static ContainerConfig config(String... instructions) {
    ContainerConfig config = new ContainerConfig();
    ConfigChanges.apply(new ArrayList<>(List.of(instructions)), config);
    return config;
  }
}
