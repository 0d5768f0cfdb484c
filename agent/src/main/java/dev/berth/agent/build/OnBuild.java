package dev.berth.agent.build;

import java.util.List;

/**
 * ONBUILD triggers: stored in the image config as written after {@code ONBUILD}, and run, in
 * order, right after a FROM that uses the image as its base.
 */
final class OnBuild {
  private OnBuild() {}

  /** The trigger an ONBUILD instruction holds, parsed as an instruction on the same line. */
  static Instruction trigger(Instruction onBuild) {
    return triggers(List.of(onBuild.args()), onBuild.line()).get(0);
  }

  /** The stored triggers {@code expressions}, parsed as instructions reported on {@code line} (the FROM). */
  static List<Instruction> triggers(List<String> expressions, int line) {
    return expressions.stream().map(expression -> {
      List<Instruction> parsed = DockerfileParser.instructions(expression);
      if (parsed.size() != 1) {
        throw new DockerfileParseException(line, "invalid ONBUILD trigger: " + expression);
      }
      Instruction trigger = parsed.get(0);
      return new Instruction(line, trigger.keyword(), trigger.flags(), trigger.args(), trigger.heredocs(),
          trigger.original());
    }).toList();
  }
}
