package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ps output cut down to a container's processes, as dockerd's parsePSOutput does it. */
class ContainerTopTest {
  @Test
  void keepsTheContainersRowsWithTheirThreadsAndJoinsTheCommand() throws IOException {
    String ps = """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 09:00 ?        00:00:01 /sbin/init
        root         200       1  0 09:01 ?        00:00:00 sh -c sleep 1000 & wait
        root           -       -  0 09:01 ?        00:00:00 -
        root         201     200  0 09:01 ?        00:00:00 sleep 1000
        root         300       1  0 09:01 ?        00:00:00 other
        root           -       -  0 09:01 ?        00:00:00 -
        """;
    ContainerTop top = ContainerTop.parse(ps, Set.of(200L, 201L));
    assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), top.titles());
    assertEquals(List.of(
        List.of("root", "200", "1", "0", "09:01", "?", "00:00:00", "sh -c sleep 1000 & wait"),
        List.of("root", "-", "-", "0", "09:01", "?", "00:00:00", "-"),
        List.of("root", "201", "200", "0", "09:01", "?", "00:00:00", "sleep 1000")), top.processes());
  }

  @Test
  void refusesOutputWithoutAPidColumnAndArgumentsThatRenameIt() {
    assertThrows(IOException.class, () -> ContainerTop.parse("USER COMMAND\nroot init\n", Set.of(1L)));
    assertThrows(IllegalArgumentException.class, () -> ContainerTop.checkArgs("-o user=PID"));
    ContainerTop.checkArgs("-o pid=PID,comm");
    ContainerTop.checkArgs("aux");
  }
}
