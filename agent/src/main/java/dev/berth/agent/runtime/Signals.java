package dev.berth.agent.runtime;

import java.util.Locale;
import java.util.Map;

/** Linux signal numbers by name, for reporting a signal as dockerd does (its number). */
final class Signals {
  private static final int RTMIN = 34;
  private static final int RTMAX = 64;
  private static final Map<String, Integer> NUMBERS = Map.ofEntries(
      Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
      Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
      Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
      Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17),
      Map.entry("CLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
      Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
      Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
      Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31),
      Map.entry("RTMIN", RTMIN), Map.entry("RTMAX", RTMAX));

  private Signals() {}

  /** The number of {@code signal} ({@code TERM}, {@code SIGTERM}, {@code 15}, {@code RTMIN+3}); the text itself when unknown. */
  static String number(String signal) {
    String name = signal.toUpperCase(Locale.ROOT);
    name = name.startsWith("SIG") ? name.substring(3) : name;
    if (name.matches("[0-9]+")) {
      return Integer.toString(Integer.parseInt(name));
    }
    Integer known = NUMBERS.get(name);
    if (known != null) {
      return known.toString();
    }
    if (name.matches("RTM(IN\\+|AX-)[0-9]{1,2}")) {
      int offset = Integer.parseInt(name.substring(6));
      return Integer.toString(name.startsWith("RTMIN") ? RTMIN + offset : RTMAX - offset);
    }
    return signal;
  }

  /** Whether {@code signal} is SIGKILL (which cannot be caught: no need for a second one). */
  static boolean isKill(String signal) {
    return number(signal).equals("9");
  }
}
