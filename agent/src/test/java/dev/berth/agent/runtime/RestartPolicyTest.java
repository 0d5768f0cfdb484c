package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  @Test
  void decidesAsDockerdsRestartManager() {
    RestartPolicy always = new RestartPolicy("always", 0);
    assertTrue(always.shouldRestart(0, 100, false));
    assertTrue(always.shouldRestart(0, 0, true), "after a user's stop only the next agent start counts it");

    RestartPolicy unlessStopped = new RestartPolicy("unless-stopped", 0);
    assertTrue(unlessStopped.shouldRestart(0, 3, false));
    assertFalse(unlessStopped.shouldRestart(1, 0, true));

    RestartPolicy twice = new RestartPolicy("on-failure", 2);
    assertFalse(twice.shouldRestart(0, 0, false), "a success is no failure");
    assertTrue(twice.shouldRestart(1, 0, false));
    assertTrue(twice.shouldRestart(137, 1, false));
    assertFalse(twice.shouldRestart(1, 2, false), "two restarts made");
    assertTrue(new RestartPolicy("on-failure", 0).shouldRestart(1, 1000, false), "0: no limit");

    assertFalse(RestartPolicy.NO.shouldRestart(1, 0, false));
    assertTrue(new RestartPolicy("", 0).isNone());
  }

  @Test
  void refusesWhatDockerdRefuses() {
    assertEquals("invalid restart policy: maximum retry count can only be used with 'on-failure'",
        assertThrows(IllegalArgumentException.class, () -> new RestartPolicy("always", 1)).getMessage());
    assertEquals("can't create 'AutoRemove' container with restart policy",
        assertThrows(IllegalArgumentException.class, () -> CreateOptions.builder("img").autoRemove(true)
            .restartPolicy(new RestartPolicy("unless-stopped", 0)).build()).getMessage());
  }

  @Test
  void delaysDoubleFromAHundredMillisecondsUpToAMinuteAndResetAfterATenSecondRun() {
    RestartBackoff backoff = new RestartBackoff();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      delays.add(backoff.next(Duration.ofMillis(5)).toMillis());
    }
    assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 51200L, 60000L, 60000L), delays);
    assertEquals(100, backoff.next(Duration.ofSeconds(10)).toMillis());
    assertEquals(200, backoff.next(Duration.ofSeconds(9)).toMillis());
  }
}
