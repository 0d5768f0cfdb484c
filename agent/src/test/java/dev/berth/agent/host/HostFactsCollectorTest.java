package dev.berth.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.AgentVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsCollectorTest {

  @TempDir Path dir;

  @Test
  void readsTheRealHost() throws IOException {
    HostFacts facts = new HostFactsCollector(dir.resolve("not-yet-created")).collect();

    assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), facts.kernelVersion());
    assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), facts.hostname());
    assertTrue(Set.of("amd64", "arm64").contains(facts.architecture()), facts.architecture());
    assertTrue(facts.cpuCount() > 0);
    assertTrue(facts.memoryTotalBytes() > 64L * 1024 * 1024);
    assertEquals(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? 2 : 1, facts.cgroupVersion());
    assertTrue(facts.diskTotalBytes() > 0 && facts.diskFreeBytes() >= 0);
    assertNotNull(facts.diskFilesystem());
    assertNotNull(facts.operatingSystem());
    assertEquals(AgentVersion.current(), facts.agentVersion());
    assertNotNull(facts.bootTime());
    assertEquals(onPath("runc"), facts.runcVersion() != null, "runc version present iff runc is installed");
  }

  @Test
  void readsFilesOfAHostTree() throws IOException {
    write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
    write("proc/meminfo", "MemTotal:        2048 kB\nMemFree:  1 kB\n");
    write("proc/sys/kernel/osrelease", "6.1.0-test\n");
    write("proc/sys/kernel/hostname", "box-7\n");
    write("proc/stat", "cpu  1 2 3\nbtime 1700000000\n");
    write("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");

    HostFacts facts = new HostFactsCollector(dir, dir, new ToolVersionProbe()).collect();

    assertEquals("Debian GNU/Linux 12 (bookworm)", facts.operatingSystem());
    assertEquals(2048L * 1024, facts.memoryTotalBytes());
    assertEquals("6.1.0-test", facts.kernelVersion());
    assertEquals("box-7", facts.hostname());
    assertEquals("2023-11-14T22:13:20Z", facts.bootTime());
    assertEquals(2, facts.cgroupVersion());
  }

  @Test
  void unknownFactsDoNotThrow() {
    HostFacts facts = new HostFactsCollector(dir, dir.resolve("empty-root"), new ToolVersionProbe()).collect();

    assertEquals(1, facts.cgroupVersion());
    assertEquals(-1, facts.memoryTotalBytes());
    assertNull(facts.bootTime());
    assertEquals("Linux", facts.operatingSystem());
  }

  @Test
  void serialisesAsCamelCaseJson() {
    HostFacts facts = new HostFactsCollector(dir).collect();

    JsonNode json = new ObjectMapper().valueToTree(facts);

    for (String field : new String[] {"hostname", "kernelVersion", "operatingSystem", "architecture",
        "cpuCount", "memoryTotalBytes", "cgroupVersion", "runcVersion", "conmonVersion",
        "iptablesVersion", "diskTotalBytes", "diskFreeBytes", "agentVersion", "bootTime"}) {
      assertTrue(json.has(field), field);
    }
  }

  @Test
  void toolProbeReadsTheFirstLineOrNothing() {
    ToolVersionProbe probe = new ToolVersionProbe();

    assertEquals(Optional.of("tool version 1.2.3"),
        probe.firstLine("sh", "-c", "echo; echo 'tool version 1.2.3'; echo second"));
    assertEquals(Optional.empty(), probe.firstLine("berth-no-such-tool-on-any-host"));
    assertEquals(Optional.empty(), probe.firstLine("sh", "-c", "echo broken; exit 3"));
  }

  @Test
  void mapsJvmArchitecturesToDockerNames() {
    assertEquals("amd64", HostFactsCollector.dockerArchitecture("amd64"));
    assertEquals("amd64", HostFactsCollector.dockerArchitecture("x86_64"));
    assertEquals("arm64", HostFactsCollector.dockerArchitecture("aarch64"));
  }

  private void write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static boolean onPath(String tool) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
        return true;
      }
    }
    return false;
  }
}
