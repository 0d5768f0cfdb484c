package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void readsEveryOptionFromArguments() throws AgentConfigException {
    AgentConfig config = AgentConfig.parse(new String[] {"--control-plane", "http://127.0.0.1:8080",
        "--name", "web-1", "--data=/tmp/berth", "--join-token", "s3cret"}, Map.of());

    assertEquals(URI.create("http://127.0.0.1:8080"), config.controlPlane());
    assertEquals("web-1", config.name());
    assertEquals(Path.of("/tmp/berth"), config.dataDir());
    assertEquals(Optional.of("s3cret"), config.joinToken());
    assertEquals(Optional.of(Path.of("/run/berth/docker.sock")), config.dockerSocket(), "on by default");
  }

  @Test
  void readsSeveralControlPlaneReplicas() throws AgentConfigException {
    AgentConfig config = AgentConfig.parse(new String[] {"--control-plane", "http://cp1:8080, http://cp2:8080"}, Map.of());

    assertEquals(URI.create("http://cp1:8080"), config.controlPlane(), "enrollment and the registry use the first");
    assertEquals(List.of(URI.create("http://cp1:8080"), URI.create("http://cp2:8080")), config.controlPlanes());
    assertTrue(message("--control-plane", "http://cp1,ftp://cp2").contains("http(s)://"));
  }

  @Test
  void readsOrTurnsOffTheLocalDockerSocket() throws AgentConfigException {
    Map<String, String> env = Map.of("BERTH_CONTROL_PLANE", "http://cp", "BERTH_DOCKER_SOCKET", "/tmp/b/d.sock");
    assertEquals(Optional.of(Path.of("/tmp/b/d.sock")), AgentConfig.parse(new String[0], env).dockerSocket());
    assertEquals(Optional.empty(), AgentConfig.parse(new String[] {"--docker-socket", "none"}, env).dockerSocket());
    assertTrue(message("--control-plane", "http://cp", "--docker-socket", "/" + "s".repeat(120))
        .contains("longer than a unix socket allows"));
  }

  @Test
  void fallsBackToEnvironmentAndDefaults() throws AgentConfigException {
    AgentConfig config = AgentConfig.parse(new String[0],
        Map.of("BERTH_CONTROL_PLANE", "https://cp.example:8443", "BERTH_JOIN_TOKEN", "t"));

    assertEquals(URI.create("https://cp.example:8443"), config.controlPlane());
    assertEquals("local", config.name());
    assertEquals(Path.of("/var/lib/berth/agent"), config.dataDir());
    assertEquals(Optional.of("t"), config.joinToken());
  }

  @Test
  void argumentsWinOverEnvironment() throws AgentConfigException {
    AgentConfig config = AgentConfig.parse(new String[] {"--name", "from-args"},
        Map.of("BERTH_CONTROL_PLANE", "http://cp", "BERTH_AGENT_NAME", "from-env"));

    assertEquals("from-args", config.name());
  }

  @Test
  void explainsAMissingControlPlane() {
    AgentConfigException e = assertThrows(AgentConfigException.class,
        () -> AgentConfig.parse(new String[0], Map.of()));
    assertTrue(e.getMessage().contains("--control-plane"), e.getMessage());
  }

  @Test
  void rejectsBadValuesWithClearMessages() {
    assertTrue(message("--control-plane", "ftp://x").contains("http(s)://"));
    assertTrue(message("--control-plane", "http://cp", "--name", "../etc").contains("host name"));
    assertTrue(message("--control-plane", "http://cp", "--bogus", "1").contains("unknown option: --bogus"));
    assertTrue(message("--control-plane").contains("needs a value"));
  }

  @Test
  void readsRepeatedInsecureRegistriesOrTheirVariable() throws AgentConfigException {
    AgentConfig config = AgentConfig.parse(new String[] {"--control-plane", "http://cp",
        "--insecure-registry", "registry.lan:5000", "--insecure-registry=10.20.0.0/16"},
        Map.of("BERTH_INSECURE_REGISTRIES", "ignored:1"));
    assertEquals(List.of("registry.lan:5000"), config.insecureRegistries().names());
    assertEquals(List.of("10.20.0.0/16", "::1/128", "127.0.0.0/8"), config.insecureRegistries().cidrs());

    AgentConfig fromEnv = AgentConfig.parse(new String[0],
        Map.of("BERTH_CONTROL_PLANE", "http://cp", "BERTH_INSECURE_REGISTRIES", "b.lan:5000, a.lan"));
    assertEquals(List.of("a.lan", "b.lan:5000"), fromEnv.insecureRegistries().names());
    assertEquals(List.of("::1/128", "127.0.0.0/8"),
        AgentConfig.parse(new String[] {"--control-plane", "http://cp"}, Map.of()).insecureRegistries().cidrs());
    assertEquals("insecure registry bad_host! is not valid: want host[:port] or a CIDR",
        message("--control-plane", "http://cp", "--insecure-registry", "bad_host!"));
  }

  @Test
  void keepsTheJoinTokenOutOfToString() throws AgentConfigException {
    AgentConfig config = AgentConfig.parse(new String[] {"--join-token", "s3cret"},
        Map.of("BERTH_CONTROL_PLANE", "http://cp"));

    assertFalse(config.toString().contains("s3cret"));
  }

  private static String message(String... args) {
    return assertThrows(AgentConfigException.class, () -> AgentConfig.parse(args, Map.of())).getMessage();
  }
}
