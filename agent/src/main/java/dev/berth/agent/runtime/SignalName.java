package dev.berth.agent.runtime;

import java.util.List;
import java.util.Locale;

/**
 * Linux signals by Docker's spellings ({@code SIGTERM}, {@code TERM}, {@code term}, {@code 15}),
 * reduced to one name so two spellings of the same signal compare equal.
 */
final class SignalName {
  // Index = signal number (x86 and arm numbering, which Docker's signal map also uses).
  private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
      "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
      "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

  private SignalName() {}

  /** The signal's name without {@code SIG}, upper case; a number becomes its name when it has one. */
  static String of(String signal) {
    String name = signal.strip().toUpperCase(Locale.ROOT);
    name = name.startsWith("SIG") ? name.substring(3) : name;
    if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
      int number = Integer.parseInt(name);
      return number > 0 && number < NAMES.size() ? NAMES.get(number) : name;
    }
    return name;
  }
}
