package dev.berth.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code docker top}: the host's {@code ps} output (with the caller's arguments, {@code -ef} by
 * default) cut down to the rows of a container's processes, as dockerd does it: ps runs with
 * {@code -q<pids>} first (again without, for options that refuse it), and thread rows (PID
 * {@code -}) follow the process row before them.
 *
 * @param titles the header's columns
 * @param processes one row per process, as many fields as titles (the last one keeps its spaces)
 */
public record ContainerTop(List<String> titles, List<List<String>> processes) {
  private static final Pattern PID_OPTION = Pattern.compile("\\s+(\\S*)=\\s*(PID\\S*)");

  /** Refuses ps arguments that rename the PID column (dockerd could not find it then). */
  public static void checkArgs(String psArgs) {
    Matcher matcher = PID_OPTION.matcher(psArgs);
    while (matcher.find()) {
      if (!matcher.group(1).equals("pid")) {
        throw new IllegalArgumentException("specifying \"" + matcher.group(1) + "=" + matcher.group(2)
            + "\" is not allowed");
      }
    }
  }

  /** Runs ps with {@code psArgs} (split on single spaces, as dockerd splits them) and keeps the rows of {@code pids}. */
  public static ContainerTop of(List<Long> pids, String psArgs) throws IOException {
    List<String> args = List.of(psArgs.split(" ", -1));
    List<String> quick = new ArrayList<>(args);
    quick.add("-q" + pids.stream().map(String::valueOf).collect(Collectors.joining(",")));
    Result result = ps(quick);
    if (result.exit != 0) {
      result = ps(args); // some options (such as f) refuse q
      if (result.exit != 0) {
        String reason = result.errors.lines().findFirst().orElse("exit status " + result.exit);
        throw new IOException("ps: " + reason);
      }
    }
    return parse(result.output, new HashSet<>(pids));
  }

  /** The rows of {@code output} whose PID is in {@code pids}, with the thread rows after them. */
  static ContainerTop parse(String output, Set<Long> pids) throws IOException {
    String[] lines = output.split("\n", -1);
    List<String> titles = fields(lines[0]);
    int pidIndex = titles.indexOf("PID");
    if (pidIndex < 0) {
      throw new IOException("Couldn't find PID field in ps output");
    }
    List<List<String>> processes = new ArrayList<>();
    boolean afterContainerProcess = false;
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      List<String> fields = fields(lines[i]);
      if (fields.size() < titles.size()) {
        continue; // no PID column on this line
      }
      String pid = fields.get(pidIndex);
      if (pid.equals("-")) {
        if (afterContainerProcess) {
          processes.add(row(fields, titles.size()));
        }
        continue;
      }
      long number;
      try {
        number = Long.parseLong(pid);
      } catch (NumberFormatException e) {
        throw new IOException("Unexpected pid '" + pid + "': " + e.getMessage());
      }
      afterContainerProcess = pids.contains(number);
      if (afterContainerProcess) {
        processes.add(row(fields, titles.size()));
      }
    }
    return new ContainerTop(titles, processes);
  }

  // The overhanging fields (a command's arguments) join into the last column.
  private static List<String> row(List<String> fields, int columns) {
    List<String> row = new ArrayList<>(fields.subList(0, columns - 1));
    row.add(String.join(" ", fields.subList(columns - 1, fields.size())));
    return row;
  }

  // Go's strings.Fields over ASCII white space only, as dockerd's fieldsASCII.
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    for (String field : line.split("[\t\n\f\r ]+")) {
      if (!field.isEmpty()) {
        fields.add(field);
      }
    }
    return fields;
  }

  private record Result(int exit, String output, String errors) {}

  private static Result ps(List<String> args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ps"));
    argv.addAll(args);
    Process process = new ProcessBuilder(argv).start();
    process.getOutputStream().close();
    try (InputStream out = process.getInputStream(); InputStream err = process.getErrorStream()) {
      String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      String errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("ps: timed out");
      }
      return new Result(process.exitValue(), output, errors);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("ps: interrupted", e);
    }
  }
}
