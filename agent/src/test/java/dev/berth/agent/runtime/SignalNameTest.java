package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Docker's spellings of a signal reduce to one name. */
class SignalNameTest {
  @Test
  void namesNumbersAndPrefixesMeetInOneName() {
    assertEquals("TERM", SignalName.of("SIGTERM"));
    assertEquals("TERM", SignalName.of("term"));
    assertEquals("KILL", SignalName.of("9"));
    assertEquals("USR1", SignalName.of("10"));
    assertEquals("40", SignalName.of("40"));
    assertEquals("RTMIN+1", SignalName.of("SIGRTMIN+1"));
  }
}
