package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** docker update's merge into a container's limits, dockerd's refusals, and what runc is handed. */
class ResourceUpdateTest {
  private static final long MB = 1024 * 1024;

  @Test
  void mergesWhatWasAskedAndKeepsTheRest() throws Exception {
    CreateOptions options = CreateOptions.builder("busybox")
        .limits(new ResourceLimits(32 * MB, 0, 0, 512, 10)).build();
    CreateOptions updated = update(64 * MB, 0, 0, 0, 20_000, 50_000, null, null).applyTo(options);
    assertEquals(new ResourceLimits(64 * MB, 64 * MB, 0, 512, 10, 20_000, 50_000), updated.limits(),
        "twice the first memory stays the memory+swap limit, as dockerd stored it");
    assertEquals(RestartPolicy.NO, updated.restartPolicy());

    CreateOptions unlimitedPids = update(0, 0, 0, 0, 0, 0, -1L, new RestartPolicy("always", 0)).applyTo(updated);
    assertEquals(0, unlimitedPids.limits().pidsLimit());
    assertEquals("always", unlimitedPids.restartPolicy().name());
  }

  @Test
  void refusesWhatConflictsWithTheLimitsSet() {
    CreateOptions cpus = CreateOptions.builder("busybox").limits(new ResourceLimits(32 * MB, 0, 500_000_000L, 0, 0))
        .autoRemove(true).build();
    assertEquals("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set",
        assertThrows(ContainerConflictException.class, () -> update(0, 0, 0, 0, 20_000, 0, null, null)
            .applyTo(cpus)).getMessage());
    assertEquals("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the"
        + " same time", assertThrows(ContainerConflictException.class, () -> update(65 * MB, 0, 0, 0, 0, 0, null, null)
            .applyTo(cpus)).getMessage());
    assertEquals("Restart policy cannot be updated because AutoRemove is enabled for the container",
        assertThrows(ContainerConflictException.class, () -> update(0, 0, 0, 0, 0, 0, null,
            new RestartPolicy("on-failure", 3)).applyTo(cpus)).getMessage());
    assertThrows(ContainerConflictException.class, () -> update(64 * MB, 0, 0, 0, 0, 0, null, null)
        .applyTo(CreateOptions.builder("busybox").build()), "no memory+swap limit yet: dockerd refuses too");
  }

  @Test
  void checksTheRequestAloneFirst() {
    assertThrows(IllegalArgumentException.class, () -> update(MB, 0, 0, 0, 0, 0, null, null).check(2));
    assertThrows(IllegalArgumentException.class, () -> update(64 * MB, 32 * MB, 0, 0, 0, 0, null, null).check(2));
    assertThrows(IllegalArgumentException.class, () -> update(0, 0, 3_000_000_000L, 0, 0, 0, null, null).check(2));
    assertThrows(IllegalArgumentException.class, () -> update(0, 0, 0, 0, 500, 0, null, null).check(2));
    update(0, 64 * MB, 2_000_000_000L, 0, 0, 0, null, null).check(2);
  }

  @Test
  void runcGetsOnlyWhatWasAskedAsDockerdBuildsIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals("{\"memory\":{\"limit\":67108864},\"cpu\":{\"quota\":50000,\"period\":100000}}",
        json.writeValueAsString(update(64 * MB, 0, 500_000_000L, 0, 0, 0, null, null).runcResources()));
    assertEquals("{\"cpu\":{\"shares\":512,\"quota\":0,\"period\":0},\"pids\":{\"limit\":-1}}",
        json.writeValueAsString(update(0, -1, 0, 512, 0, 0, 0L, null).runcResources()));
    assertEquals(-1, update(64 * MB, 0, 0, 0, 0, 0, null, null).adaptedTo(false).memorySwap(),
        "no swap accounting: memory comes with unlimited swap");
  }

  private static ResourceUpdate update(long memory, long swap, long nanoCpus, long shares, long quota, long period,
      Long pids, RestartPolicy policy) {
    return new ResourceUpdate(memory, swap, nanoCpus, shares, quota, period, pids, policy);
  }
}
