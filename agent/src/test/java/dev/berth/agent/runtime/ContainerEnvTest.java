package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {
  @Test
  void defaultPathAndHostnameComeFirstAndTermOnlyWithATerminal() {
    assertEquals(List.of("PATH=" + ContainerEnv.DEFAULT_PATH, "HOSTNAME=abc"),
        ContainerEnv.build(null, List.of(), "abc", false));
    assertEquals(List.of("PATH=" + ContainerEnv.DEFAULT_PATH, "HOSTNAME=abc", "TERM=xterm"),
        ContainerEnv.build(List.of(), List.of(), "abc", true));
  }

  @Test
  void optionsComeBeforeTheImagesVariablesAndReplaceThemAndDefaultsInPlace() {
    List<String> env = ContainerEnv.build(List.of("PATH=/image/bin", "A=image", "B=image"),
        List.of("B=run", "C=run", "HOSTNAME=mine"), "abc", false);
    assertEquals(List.of("PATH=/image/bin", "HOSTNAME=mine", "B=run", "C=run", "A=image"), env);
  }

  @Test
  void aBareNameRemovesTheVariableAndAnEmptyValueIsKept() {
    List<String> env = ContainerEnv.build(List.of("A=image", "E=x"), List.of("A", "E="), "h", false);
    assertEquals(List.of("PATH=" + ContainerEnv.DEFAULT_PATH, "HOSTNAME=h", "E="), env);
    assertThrows(IllegalArgumentException.class, () -> ContainerEnv.build(List.of(), List.of("=x"), "h", false));
  }
}
