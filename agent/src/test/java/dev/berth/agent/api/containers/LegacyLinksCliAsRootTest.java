package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker run --link} with the stock CLI on a bridge of the test's own: the alias, name and
 * short id resolve in the linking container, dockerd's link variables are set, and links to a
 * missing or stopped container fail as dockerd fails them.
 */
@Tag("root")
class LegacyLinksCliAsRootTest extends CliOnAgentTest {
  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.withBridgeOnThisHost(dir);
  }

  @Test
  void theAliasResolvesAndTheLinkVariablesAreSet() throws Exception {
    docker.run("run", "-d", "--name", "db", "-e", "SECRET=s3", "--expose", "80", "--expose", "53/udp", "busybox", "sh",
        "-c", "mkdir /www; echo from-db > /www/index.html; httpd -p 80 -h /www; exec sleep 300");
    String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "db").strip();
    String shortId = docker.run("inspect", "--format", "{{.Id}}", "db").strip().substring(0, 12);
    docker.run("run", "-d", "--name", "web", "--link", "db:dbalias", "busybox", "sleep", "300");

    String hosts = docker.run("exec", "web", "cat", "/etc/hosts");
    assertTrue(hosts.contains(ip + "\tdbalias " + shortId + " db\n"), hosts);
    List<String> env = docker.run("exec", "web", "env").lines().toList();
    for (String expected : List.of("DBALIAS_PORT=udp://" + ip + ":53", "DBALIAS_PORT_80_TCP=tcp://" + ip + ":80",
        "DBALIAS_PORT_80_TCP_ADDR=" + ip, "DBALIAS_PORT_80_TCP_PORT=80", "DBALIAS_PORT_80_TCP_PROTO=tcp",
        "DBALIAS_PORT_53_UDP_PROTO=udp", "DBALIAS_NAME=/web/dbalias", "DBALIAS_ENV_SECRET=s3")) {
      assertTrue(env.contains(expected), expected + " in " + env);
    }
    assertTrue(env.stream().noneMatch(e -> e.startsWith("DBALIAS_ENV_PATH=")), env.toString());
    assertEquals("from-db", docker.run("exec", "web", "sh", "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 dbalias 80 | tail -n 1").strip());
    assertEquals("[\"/db:/web/dbalias\"]", docker.run("inspect", "--format", "{{json .HostConfig.Links}}", "web").strip());

    docker.run("restart", "-t", "0", "web");
    List<String> again = docker.run("exec", "web", "env").lines().filter(e -> e.startsWith("DBALIAS_NAME=")).toList();
    assertEquals(List.of("DBALIAS_NAME=/web/dbalias"), again, "a restart does not pile the variables up");
  }

  @Test
  void linksToMissingOrStoppedContainersFailAsDockerdFailsThem() throws Exception {
    String missing = docker.fails("create", "--name", "orphan", "--link", "nothere:x", "busybox", "true");
    assertTrue(missing.contains("could not get container for nothere"), missing);
    docker.run("create", "--name", "sleeper", "busybox", "sleep", "300");
    docker.run("create", "--name", "linker", "--link", "sleeper", "busybox", "sleep", "300");
    String stopped = docker.fails("start", "linker");
    assertTrue(stopped.contains("Cannot link to a non running container: /sleeper AS /linker/sleeper"), stopped);
    docker.run("start", "sleeper");
    docker.run("start", "linker");
    assertTrue(docker.run("exec", "linker", "env").contains("SLEEPER_NAME=/linker/sleeper"));
  }
}
