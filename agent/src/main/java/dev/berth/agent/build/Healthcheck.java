package dev.berth.agent.build;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HEALTHCHECK as the image config records it: {@code NONE} is {@code {"Test":["NONE"]}};
 * {@code CMD} in shell form is {@code ["CMD-SHELL", "…"]}, in exec form {@code ["CMD", …]}; the
 * {@code --interval --timeout --start-period --start-interval} flags are Go durations stored in
 * nanoseconds, {@code --retries} a count.
 */
final class Healthcheck {
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");
  // In the order of Docker's HealthConfig fields, as it writes them (Map.of's order changes from run to run).
  private static final Map<String, String> DURATIONS = new java.util.LinkedHashMap<>();

  static {
    DURATIONS.put("interval", "Interval");
    DURATIONS.put("timeout", "Timeout");
    DURATIONS.put("start-period", "StartPeriod");
    DURATIONS.put("start-interval", "StartInterval");
  }

  private Healthcheck() {}

  /** The config's Healthcheck for {@code instruction}. */
  static Map<String, Object> parse(Instruction instruction) {
    String[] split = instruction.args().split("\\s+", 2);
    String type = split[0].toUpperCase();
    String rest = split.length > 1 ? split[1].strip() : "";
    Map<String, Object> config = new LinkedHashMap<>();
    if (type.equals("NONE")) {
      if (!rest.isEmpty() || !instruction.flags().isEmpty()) {
        throw instruction.error("HEALTHCHECK NONE takes no arguments");
      }
      config.put("Test", List.of("NONE"));
      return config;
    }
    if (!type.equals("CMD")) {
      throw instruction.error("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    if (rest.isEmpty()) {
      throw instruction.error("Missing command after HEALTHCHECK CMD");
    }
    Optional<List<String>> exec = ArgWords.jsonArray(rest);
    List<String> test = new ArrayList<>();
    if (exec.isPresent()) {
      test.add("CMD");
      test.addAll(exec.get());
    } else {
      test.add("CMD-SHELL");
      test.add(rest);
    }
    config.put("Test", test);
    for (Map.Entry<String, String> flag : DURATIONS.entrySet()) {
      Optional<String> value = instruction.flag(flag.getKey());
      if (value.isPresent()) {
        long nanos = nanos(instruction, flag.getKey(), value.get());
        if (nanos != 0 && nanos < 1_000_000) {
          throw instruction.error(flag.getValue() + " \"--" + flag.getKey() + "\" cannot be less than 1ms");
        }
        config.put(flag.getValue(), nanos);
      }
    }
    Optional<String> retries = instruction.flag("retries");
    if (retries.isPresent()) {
      int count;
      try {
        count = Integer.parseInt(retries.get());
      } catch (NumberFormatException e) {
        throw instruction.error("invalid argument \"" + retries.get() + "\" for --retries: invalid syntax");
      }
      if (count < 0) {
        throw instruction.error("--retries cannot be negative (" + count + ")");
      }
      config.put("Retries", count);
    }
    return config;
  }

  // Go's time.ParseDuration: "1m30s", "1.5h", "0".
  private static long nanos(Instruction instruction, String flag, String text) {
    if (text.equals("0")) {
      return 0;
    }
    Matcher part = DURATION_PART.matcher(text);
    int at = 0;
    BigDecimal total = BigDecimal.ZERO;
    while (at < text.length() && part.find(at) && part.start() == at && !part.group(1).isEmpty()
        && !part.group(1).equals(".")) {
      BigDecimal unit = BigDecimal.valueOf(switch (part.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      });
      total = total.add(new BigDecimal(part.group(1)).multiply(unit));
      at = part.end();
    }
    if (at != text.length() || at == 0) {
      throw instruction.error("invalid argument \"" + text + "\" for --" + flag + ": time: invalid duration \""
          + text + "\"");
    }
    return total.longValue();
  }
}
