package dev.berth.agent.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
  private static Instruction only(String text) {
    List<Instruction> all = DockerfileParser.parse("FROM busybox\n" + text).instructions();
    return all.get(all.size() - 1);
  }

  private static String error(String text) {
    return assertThrows(DockerfileParseException.class, () -> DockerfileParser.parse(text)).getMessage();
  }

  @Test
  void joinsContinuationsSkippingCommentAndBlankLines() {
    Instruction run = only("RUN echo a \\\n# a comment\n\n   && echo b \\\n  c");
    assertEquals("RUN", run.keyword());
    assertEquals("echo a    && echo b   c", run.args());
    assertEquals(2, run.line());
  }

  @Test
  void keywordsAreCaseInsensitiveAndCommentsSkipped() {
    Dockerfile file = DockerfileParser.parse("# hello\nfrom busybox\n  # indented comment\nrUn true\n");
    assertEquals(List.of("FROM", "RUN"), file.instructions().stream().map(Instruction::keyword).toList());
    assertEquals(4, file.instructions().get(1).line());
  }

  @Test
  void escapeDirectiveChangesTheContinuationCharacter() {
    Dockerfile file = DockerfileParser.parse("# escape=`\nFROM busybox\nRUN dir c:\\ `\n  && echo x\n");
    assertEquals('`', file.escape());
    assertEquals("dir c:\\   && echo x", file.instructions().get(1).args());
  }

  @Test
  void syntaxDirectiveIsRecordedAndDirectivesEndAtTheFirstOtherLine() {
    Dockerfile file = DockerfileParser.parse("# syntax=docker/dockerfile:1\n# comment\n# escape=`\nFROM busybox\n"
        + "RUN a \\\n b\n");
    assertEquals(Optional.of("docker/dockerfile:1"), file.syntax());
    assertEquals('\\', file.escape());
    assertEquals("a  b", file.instructions().get(1).args());
  }

  @Test
  void refusesABadEscapeToken() {
    assertEquals("Dockerfile parse error line 1: invalid escape token 'x' does not match ` or \\",
        error("# escape=x\nFROM busybox\n"));
  }

  @Test
  void execFormWhenJsonElseShellForm() {
    assertEquals(Optional.of(List.of("echo", "a b")), only("CMD [\"echo\", \"a b\"]").execForm());
    assertEquals(Optional.empty(), only("CMD [\"echo\", 'a']").execForm());
    assertEquals(Optional.empty(), only("CMD [echo]").execForm());
    assertEquals(Optional.empty(), only("CMD [\"a\", 1]").execForm());
    assertEquals(Optional.of(List.of()), only("CMD []").execForm());
  }

  @Test
  void readsFlags() {
    Instruction copy = only("COPY --from=build --chown=1:2 a b");
    assertEquals(Map.of("from", "build", "chown", "1:2"), copy.flags());
    assertEquals(List.of("a", "b"), copy.words());
  }

  @Test
  void readsHeredocs() {
    Instruction run = only("RUN <<EOF\necho one\necho two\nEOF\n");
    assertEquals(List.of(new Heredoc("EOF", "echo one\necho two\n", true)), run.heredocs());
    Instruction copy = only("COPY <<'END' /file\nhello $X\nEND\n");
    assertEquals(List.of(new Heredoc("END", "hello $X\n", false)), copy.heredocs());
    Instruction chomped = only("RUN <<-EOF\n\t\techo tab\n\tEOF\n");
    assertEquals("echo tab\n", chomped.heredocs().get(0).content());
    assertTrue(error("FROM busybox\nRUN <<EOF\necho\n").contains("line 2: unterminated heredoc"));
  }

  @Test
  void namesTheLineOfAnUnknownInstruction() {
    assertEquals("Dockerfile parse error line 3: unknown instruction: FOO", error("FROM busybox\n\nfoo bar\n"));
  }

  @Test
  void refusesMissingArguments() {
    assertEquals("Dockerfile parse error line 2: RUN requires at least one argument", error("FROM busybox\nRUN\n"));
    assertEquals("Dockerfile parse error line 2: ENV must have two arguments", error("FROM busybox\nENV A\n"));
    assertEquals("Dockerfile parse error line 2: WORKDIR requires exactly one argument", error("FROM x\nWORKDIR\n"));
    assertTrue(error("FROM busybox\nCOPY a\n").startsWith("Dockerfile parse error line 2: COPY requires at least two"));
    assertEquals("Dockerfile parse error line 1: FROM requires either one or three arguments", error("FROM a b\n"));
    assertEquals("Dockerfile parse error line 2: SHELL requires the arguments to be in JSON form",
        error("FROM x\nSHELL bash -c\n"));
  }

  @Test
  void refusesABadFlag() {
    assertEquals("Dockerfile parse error line 2: Unknown flag: frm", error("FROM busybox\nCOPY --frm=a b c\n"));
  }

  @Test
  void refusesAnEmptyDockerfileAndOneWithoutFrom() {
    assertEquals("the Dockerfile (Dockerfile) cannot be empty", error("# only a comment\n\n"));
    assertEquals("Dockerfile parse error line 1: no build stage in current context", error("RUN true\n"));
    assertEquals("no build stage in current context", error("ARG A=1\n"));
  }

  @Test
  void argsBeforeFromAreMetaArgs() {
    Dockerfile file = DockerfileParser.parse("ARG BASE=busybox\nFROM $BASE AS one\nRUN a\nFROM one\nRUN b\n");
    assertEquals(1, file.metaArgs().size());
    assertEquals(2, file.stages().size());
    assertEquals(2, file.stages().get(1).size());
  }

  @Test
  void checksOnBuildTriggersAndHealthchecks() {
    assertEquals("Dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        error("FROM x\nONBUILD ONBUILD RUN a\n"));
    assertEquals("Dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger", error("FROM x\nONBUILD FROM y\n"));
    assertEquals("Dockerfile parse error line 2: unknown instruction: BAD", error("FROM x\nONBUILD bad y\n"));
    assertEquals(Map.of("Test", List.of("NONE")), Healthcheck.parse(only("HEALTHCHECK NONE")));
    assertEquals(Map.of("Test", List.of("CMD-SHELL", "curl -f x || exit 1"), "Interval", 90_000_000_000L,
        "Retries", 3), Healthcheck.parse(only("HEALTHCHECK --interval=1m30s --retries=3 CMD curl -f x || exit 1")));
    assertEquals(List.of("CMD", "true"), Healthcheck.parse(only("HEALTHCHECK CMD [\"true\"]")).get("Test"));
    assertTrue(error("FROM x\nHEALTHCHECK --timeout=1xs CMD a\n").contains("invalid duration"));
    assertTrue(error("FROM x\nHEALTHCHECK FOO a\n").contains("Unknown type \"FOO\" in HEALTHCHECK (try CMD)"));
  }

  @Test
  void envTakesOneKeyValueOrManyPairsWithQuotes() {
    char escape = '\\';
    assertEquals(List.of(new ArgWords.Pair("A", "b c d")), ArgWords.nameValues(only("ENV A b c d"), escape));
    assertEquals(List.of(new ArgWords.Pair("A", "\"x y\""), new ArgWords.Pair("B", "c\\ d"), new ArgWords.Pair("C", "")),
        ArgWords.nameValues(only("ENV A=\"x y\" B=c\\ d C="), escape));
    assertTrue(error("FROM x\nENV A=1 B\n").contains("can't find = in \"B\""));
    assertEquals(List.of(new ArgWords.Pair("A", null), new ArgWords.Pair("B", "2")), ArgWords.names(only("ARG A B=2"), escape));
  }

  @Test
  void substitutesVariables() {
    VariableExpander expander = new VariableExpander('\\');
    Map<String, String> env = Map.of("A", "apple", "E", "");
    assertEquals("apple/apple/x", expander.word("$A/${A}/x", env));
    assertEquals("word|apple|", expander.word("${B:-word}|${A:-word}|${B:+word}", env));
    assertEquals("set|word|", expander.word("${A:+set}|${E:-word}|${E:+word}", env));
    assertEquals("|word", expander.word("${E-word}|${B-word}", env));
    assertEquals("$A \\$A", expander.word("\\$A '\\$A'", env));
    assertEquals("apple and $A", expander.word("\"$A and \\$A\"", env));
    assertEquals("a $", expander.word("a $", env));
    assertEquals(List.of("x y", "apple", "z"), expander.words("\"x y\" $A z", env));
    assertEquals("", expander.word("$UNSET", env));
    assertThrows(IllegalArgumentException.class, () -> expander.word("${A", env));
  }

  @Test
  void backtickEscapeSubstitution() {
    VariableExpander expander = new VariableExpander('`');
    assertEquals("$A c:\\x", expander.word("`$A c:\\x", Map.of("A", "1")));
  }

  @Test
  void onBuildTriggersParseAsInstructions() {
    List<Instruction> triggers = OnBuild.triggers(List.of("RUN echo hi", "COPY --chown=1 a /b"), 7);
    assertEquals("RUN", triggers.get(0).keyword());
    assertEquals(7, triggers.get(1).line());
    assertEquals(Optional.of("1"), triggers.get(1).flag("chown"));
    assertFalse(triggers.get(1).execForm().isPresent());
  }
}
