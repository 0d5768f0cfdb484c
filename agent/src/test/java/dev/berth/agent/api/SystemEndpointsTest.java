package dev.berth.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.AgentConfig;
import dev.berth.agent.AgentComponents;
import dev.berth.agent.AgentVersion;
import dev.berth.agent.host.HostFacts;
import dev.berth.agent.registry.InsecureRegistries;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /version} and {@code /info} through the agent's real router, on the real host. */
class SystemEndpointsTest {

  @TempDir Path dataDir;
  private AgentComponents agent;
  private HostFacts facts;

  @BeforeEach
  void start() throws IOException {
    agent = AgentComponents.create(config());
    facts = agent.hostFacts().get();
  }

  @AfterEach
  void stop() throws InterruptedException {
    agent.close();
  }

  @Test
  void versionHasDockersShape() throws IOException {
    JsonNode version = get("/v1.47/version");

    assertEquals("Berth Engine", version.at("/Platform/Name").asText());
    assertEquals(AgentVersion.current(), version.get("Version").asText());
    assertEquals("1.47", version.get("ApiVersion").asText());
    assertEquals("1.24", version.get("MinAPIVersion").asText());
    assertEquals("linux", version.get("Os").asText());
    assertEquals(facts.architecture(), version.get("Arch").asText());
    assertEquals(facts.kernelVersion(), version.get("KernelVersion").asText());
    assertTrue(version.get("GoVersion").asText().startsWith("java"));
    assertTrue(version.get("GitCommit").isTextual());
    assertTrue(version.get("BuildTime").isTextual());
    JsonNode engine = version.at("/Components/0");
    assertEquals("Engine", engine.get("Name").asText());
    for (JsonNode detail : engine.get("Details")) {
      assertTrue(detail.isTextual(), "component details are strings: " + detail);
    }
    assertEquals("1.47", engine.at("/Details/ApiVersion").asText());
    assertEquals("1.24", engine.at("/Details/MinAPIVersion").asText());
  }

  @Test
  void infoHasDockersShapeAndHostValues() throws IOException {
    JsonNode info = get("/info");

    assertEquals(facts.hostname(), info.get("Name").asText());
    for (String count : new String[] {"Containers", "ContainersRunning", "ContainersPaused",
        "ContainersStopped", "Images"}) {
      assertEquals(0, info.get(count).asInt(), count);
      assertTrue(info.get(count).isInt(), count);
    }
    assertEquals("overlay2", info.get("Driver").asText());
    assertEquals(dataDir.toAbsolutePath().toString(), info.get("DockerRootDir").asText());
    assertEquals(facts.kernelVersion(), info.get("KernelVersion").asText());
    assertEquals(facts.operatingSystem(), info.get("OperatingSystem").asText());
    assertEquals("linux", info.get("OSType").asText());
    assertEquals(facts.cpuCount(), info.get("NCPU").asInt());
    assertEquals(facts.memoryTotalBytes(), info.get("MemTotal").asLong());
    assertEquals(AgentVersion.current(), info.get("ServerVersion").asText());
    assertEquals(Integer.toString(facts.cgroupVersion()), info.get("CgroupVersion").asText());
    assertEquals("cgroupfs", info.get("CgroupDriver").asText());
    assertEquals("runc", info.get("DefaultRuntime").asText());
    assertEquals("runc", info.at("/Runtimes/runc/path").asText());
    assertEquals("inactive", info.at("/Swarm/LocalNodeState").asText());
    assertTrue(info.get("SecurityOptions").isArray());
    assertTrue(info.get("Labels").isArray());
    assertTrue(info.get("DriverStatus").get(0).isArray());
    assertTrue(info.get("MemoryLimit").isBoolean());
    assertTrue(info.get("SystemTime").asText().contains("T"));
    assertNotEquals("", info.get("ID").asText());
  }

  @Test
  void infoReportsTheInsecureRegistriesAsDockerd() throws Exception {
    assertEquals("[\"::1/128\",\"127.0.0.0/8\"]", get("/info").at("/RegistryConfig/InsecureRegistryCIDRs").toString());
    agent.close();
    agent = AgentComponents.create(new AgentConfig(URI.create("http://127.0.0.1:1"), "local", dataDir, Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), InsecureRegistries.parse(List.of("reg.lan:5000", "10.20.0.0/16"))));

    JsonNode registry = get("/info").get("RegistryConfig");

    assertEquals("[\"10.20.0.0/16\",\"::1/128\",\"127.0.0.0/8\"]", registry.get("InsecureRegistryCIDRs").toString());
    assertEquals("{\"docker.io\":{\"Name\":\"docker.io\",\"Mirrors\":[],\"Secure\":true,\"Official\":true},"
        + "\"reg.lan:5000\":{\"Name\":\"reg.lan:5000\",\"Mirrors\":[],\"Secure\":false,\"Official\":false}}",
        registry.get("IndexConfigs").toString());
  }

  @Test
  void engineIdIsStableAcrossRestarts() throws Exception {
    String first = get("/info").get("ID").asText();
    agent.close();

    agent = AgentComponents.create(config());

    assertEquals(first, get("/info").get("ID").asText());
  }

  private JsonNode get(String path) throws IOException {
    CapturedResponse response = new CapturedResponse();
    agent.dockerApi().handle(DockerRequest.of("GET", path), response);
    assertEquals(200, response.status, response.text());
    assertEquals("application/json", response.header("Content-Type"));
    return response.json();
  }

  private AgentConfig config() {
    return new AgentConfig(URI.create("http://127.0.0.1:1"), "local", dataDir, Optional.empty());
  }
}
