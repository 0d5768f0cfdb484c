package dev.berth.control.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.NetnsHost;
import dev.berth.control.support.NetnsHosts;
import dev.berth.testsupport.TreeSnapshot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three real hosts on this machine (network namespaces with their own addresses, agents, container
 * bridges and iptables; {@link NetnsHosts}) under one control plane: containers on each with a
 * port published at the host's own address, an image built on one host pulled on another through
 * the built-in registry, a volume backed up on one host restored on a third, and the fleet views
 * showing each host's objects and following their changes. Needs root, runc, iptables and iproute2.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeHostsInNamespacesTest {
  private static final Duration SOON = Duration.ofSeconds(8);
  private static final String BASE = "mh/busybox:1";
  private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
  @TestHTTPResource("/") URL controlPlane;
  private NetnsHosts fleet;

  // Once for the class, but in the first @BeforeEach: before it, requests do not reach the control plane yet.
  @BeforeEach
  void startThreeHosts() throws Exception {
    if (fleet != null) {
      return;
    }
    fleet = NetnsHosts.start(controlPlane, "mh" + tag, 3);
    Path rootfs = DockerCli.busyboxRootfs();
    try {
      for (NetnsHost host : fleet.hosts()) {
        DockerCli.Result imported = host.docker().run(rootfs, "import", "-", BASE);
        assertEquals(0, imported.exit(), imported.output());
      }
    } finally {
      Files.delete(rootfs);
    }
  }

  @AfterAll
  void removeTheHosts() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void eachHostServesItsOwnContainerOnTheSamePortAtItsOwnAddress() throws Exception {
    try {
      for (NetnsHost host : fleet.hosts()) {
        host.docker().ok("run", "-d", "--name", "mh-web", "-p", "18080:80", BASE, "sh", "-c",
            "mkdir -p /www && echo served by " + host.name() + " > /www/index.html && exec busybox httpd -f -p 80 -h /www");
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (NetnsHost host : fleet.hosts()) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.address() + ":18080/"))
            .timeout(Duration.ofSeconds(5)).build();
        String body = awaitAnswer(host, http, request);
        assertEquals("served by " + host.name(), body.strip(), "at " + host.address());
        // One line: its own container, published on IPv4 (and on IPv6 too, the namespace having ::1).
        String listed = host.docker().ok("ps", "--format", "{{.Names}} {{.Ports}}").strip();
        assertEquals(1, listed.lines().count(), host.name() + " lists only its own container: " + listed);
        assertTrue(listed.startsWith("mh-web 0.0.0.0:18080->80/tcp"), host.name() + " lists " + listed);
      }
    } finally {
      for (NetnsHost host : fleet.hosts()) {
        host.docker().run(null, "rm", "-f", "mh-web");
      }
    }
  }

  @Test
  void anImageBuiltOnOneHostIsPulledOnAnotherThroughTheBuiltInRegistry() throws Exception {
    NetnsHost builder = fleet.host(0);
    NetnsHost puller = fleet.host(1);
    String image = fleet.controlPlaneAddress() + "/mh-" + tag + "/built:1";
    Path context = Files.createTempDirectory("mh-build");
    try {
      Files.writeString(context.resolve("Dockerfile"),
          "FROM " + BASE + "\nRUN echo built on " + builder.name() + " > /built\nCMD [\"cat\", \"/built\"]\n");
      DockerCli onBuilder = builder.docker();
      onBuilder.ok("build", "-t", image, context.toString());
      String pushed = onBuilder.ok("push", image);
      assertTrue(pushed.contains("1: digest: sha256:"), pushed);

      DockerCli onPuller = puller.docker();
      String pulled = onPuller.ok("pull", image);
      assertTrue(pulled.contains("Downloaded newer image for " + image), pulled);
      assertEquals(onBuilder.ok("image", "inspect", "--format", "{{.Id}}", image),
          onPuller.ok("image", "inspect", "--format", "{{.Id}}", image));
      assertEquals("built on " + builder.name(), onPuller.ok("run", "--rm", image).strip());
    } finally {
      for (NetnsHost host : List.of(builder, puller)) {
        host.docker().run(null, "rmi", image);
      }
      Files.walk(context).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aVolumeBackedUpOnOneHostRestoresAsTheSameTreeOnAThird() throws Exception {
    NetnsHost source = fleet.host(0);
    NetnsHost target = fleet.host(2);
    String volume = "mh-data-" + tag;
    String backup = null;
    try {
      source.docker().ok("volume", "create", volume);
      Path data = source.agent().dataDir().resolve("volumes/" + volume + "/_data");
      Files.writeString(data.resolve("hello"), "hello from " + source.name());
      Files.createDirectories(data.resolve("sub/deeper"));
      Files.writeString(data.resolve("sub/deeper/notes"), "notes");
      Files.createSymbolicLink(data.resolve("link"), Path.of("sub/deeper/notes"));
      List<String> tree = TreeSnapshot.of(data);

      JsonPath job = Admin.api().body(Map.of("host", source.name(), "volume", volume))
          .post("/api/v1/backups?wait=60").then().statusCode(200).extract().jsonPath();
      assertEquals("succeeded", job.getString("state"), job.prettify());
      backup = job.getString("id");
      Admin.api().body(Map.of("host", target.name(), "volume", volume, "replace", false))
          .post("/api/v1/backups/" + backup + "/restore").then().statusCode(200);
      assertEquals(tree, TreeSnapshot.of(target.agent().dataDir().resolve("volumes/" + volume + "/_data")));
    } finally {
      if (backup != null) {
        Admin.api().delete("/api/v1/backups/" + backup);
      }
      for (NetnsHost host : List.of(source, target)) {
        host.docker().run(null, "volume", "rm", volume);
      }
    }
  }

  @Test
  void theFleetViewsShowEachHostsObjectsAndFollowTheirChanges() throws Exception {
    List<String> names = fleet.hosts().stream().map(NetnsHost::name).toList();
    JsonPath hosts = Admin.api().get("/api/v1/hosts").then().statusCode(200).extract().jsonPath();
    for (String name : names) {
      assertEquals(Boolean.TRUE, hosts.get("find { it.name == '" + name + "' }.online"), name + " online");
    }
    try {
      for (NetnsHost host : fleet.hosts()) {
        DockerCli docker = host.docker();
        docker.ok("create", "--name", "mh-view-" + host.name(), BASE, "sleep", "300");
        docker.ok("volume", "create", "mh-vol-" + host.name());
      }
      NetnsHost first = fleet.host(0);
      first.agent().await("each host's container, volume and image in the fleet views", SOON, () ->
          names.stream().allMatch(name -> containers(name).equals(Map.of("mh-view-" + name, "created"))
              && volumes(name).equals(Set.of("mh-vol-" + name))
              && images(name).contains(BASE)));

      NetnsHost second = fleet.host(1);
      NetnsHost third = fleet.host(2);
      second.docker().ok("start", "mh-view-" + second.name());
      third.docker().ok("volume", "rm", "mh-vol-" + third.name());
      first.docker().ok("tag", BASE, "mh/retagged:1");
      first.agent().await("the started container, the removed volume and the new tag in the fleet views", SOON, () ->
          containers(second.name()).equals(Map.of("mh-view-" + second.name(), "running"))
              && volumes(third.name()).isEmpty()
              && images(first.name()).contains("mh/retagged:1"));
      assertEquals(Map.of("mh-view-" + first.name(), "created"), containers(first.name()), "the others unchanged");
      assertEquals(Set.of("mh-vol-" + second.name()), volumes(second.name()));
      assertTrue(!images(second.name()).contains("mh/retagged:1"), "the tag is on its own host only");
    } finally {
      for (NetnsHost host : fleet.hosts()) {
        DockerCli docker = host.docker();
        docker.run(null, "rm", "-f", "mh-view-" + host.name());
        docker.run(null, "volume", "rm", "mh-vol-" + host.name());
        docker.run(null, "rmi", "mh/retagged:1");
      }
    }
  }

  // Polls until the published port answers: the DNAT rule is in place once run returns, the server may not be listening yet.
  private static String awaitAnswer(NetnsHost host, HttpClient http, HttpRequest request) throws Exception {
    long deadline = System.nanoTime() + SOON.toNanos();
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(request.uri() + " of " + host.name() + " did not answer: " + e
              + "; agent output:\n" + host.agent().output(), e);
        }
      }
      Thread.sleep(100);
    }
  }

  /** The host's containers in the fleet view: name → state. */
  private static Map<String, String> containers(String host) {
    List<Map<String, Object>> rows = Admin.api().get("/api/v1/containers?host=" + host).jsonPath().getList("$");
    return rows.stream().collect(Collectors.toMap(r -> (String) r.get("name"), r -> String.valueOf(r.get("state"))));
  }

  /** The names of the host's volumes in the fleet view. */
  private static Set<String> volumes(String host) {
    return Set.copyOf(Admin.api().get("/api/v1/volumes?host=" + host).jsonPath().<String>getList("name"));
  }

  /** The tags of the host's images in the fleet view. */
  private static Set<String> images(String host) {
    List<List<String>> tags = Admin.api().get("/api/v1/images?host=" + host).jsonPath().getList("repoTags");
    return tags.stream().filter(java.util.Objects::nonNull).flatMap(List::stream).collect(Collectors.toSet());
  }
}
