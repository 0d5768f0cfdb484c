package dev.berth.agent.build;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: its instructions in order (those before the first FROM can only be ARG)
 * and its parser directives.
 *
 * @param instructions every instruction, in order
 * @param escape the escape character ({@code # escape=}), {@code \} by default
 * @param syntax the {@code # syntax=} directive, if any (recorded; the legacy builder ignores it)
 */
public record Dockerfile(List<Instruction> instructions, char escape, Optional<String> syntax) {

  /** Copies the list. */
  public Dockerfile {
    instructions = List.copyOf(instructions);
  }

  /** The ARGs before the first FROM: they only serve FROM lines. */
  public List<Instruction> metaArgs() {
    return instructions.stream().takeWhile(i -> !i.keyword().equals("FROM")).toList();
  }

  /** The stages, each a FROM and the instructions up to the next FROM. */
  public List<List<Instruction>> stages() {
    List<List<Instruction>> stages = new java.util.ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        stages.add(new java.util.ArrayList<>());
      }
      if (!stages.isEmpty()) {
        stages.get(stages.size() - 1).add(instruction);
      }
    }
    return stages.stream().map(List::copyOf).toList();
  }
}
