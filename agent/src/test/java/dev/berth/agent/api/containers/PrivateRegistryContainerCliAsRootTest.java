package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The study guide's private registry, the way it runs one: the {@code registry} image in a
 * container with its storage in a host directory ({@code docker run -d -p 5000:5000 -v
 * /opt/data/registry:/var/lib/registry registry}, and the {@code --network=host} form), then
 * {@code docker tag}/{@code push} to {@code 127.0.0.1:<port>}, {@code curl …/v2/_catalog},
 * {@code docker rmi} and {@code docker pull}. There is no registry image to pull offline, so the
 * test builds one {@code FROM scratch} with the CNCF Distribution binary of the Debian package
 * {@code docker-registry} and the two libraries it links. A push to a second repository of the
 * registry mounts the layers the first one holds, as dockerd does.
 */
@Tag("root")
class PrivateRegistryContainerCliAsRootTest extends CliOnAgentTest {
  private static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");

  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.withBridgeOnThisHost(dir);
  }

  @Test
  void pushesToAndPullsFromARegistryContainerWithAPublishedPortAndItsStorageOnTheHost() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(40000, 48000);
    Path storage = startRegistryPublishedOn(port);

    pushRemovePull(port);
    assertTrue(Files.isDirectory(storage.resolve("docker/registry/v2/repositories/ubuntu/_manifests/tags/latest")),
        "the registry's storage is the host directory");
    docker.run("rm", "-f", "registry_local");
  }

  @Test
  void theRegistryContainerOnTheHostsNetworkServesTheSameWay() throws Exception {
    buildRegistryImage();
    Path storage = Files.createDirectories(dir.resolve("opt-data-registry"));
    int port = ThreadLocalRandom.current().nextInt(48000, 56000);
    // The guide's --network=host form; the address is moved off 5000 so the test never meets another registry.
    docker.run("run", "-d", "--network=host", "-e", "REGISTRY_HTTP_ADDR=127.0.0.1:" + port, "-v",
        storage + ":/var/lib/registry", "--name", "registry_local", "registry");
    awaitCatalog(port);

    pushRemovePull(port);
    docker.run("rm", "-f", "registry_local");
  }

  @Test
  void pushingToASecondRepositoryMountsTheLayersFromTheFirstAsDockerdDoes() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(56000, 60000);
    Path storage = startRegistryPublishedOn(port);
    String registry = "127.0.0.1:" + port;
    docker.run("tag", "busybox", registry + "/a/img:1");
    String first = docker.run("push", registry + "/a/img:1");
    docker.run("tag", registry + "/a/img:1", registry + "/b/img:1");

    String second = docker.run("push", registry + "/b/img:1");

    String layers = docker.run("image", "inspect", "--format", "{{range .RootFS.Layers}}{{.}} {{end}}", "busybox");
    for (String layer : layers.strip().split(" ")) {
      String hex = layer.substring("sha256:".length());
      assertTrue(first.contains(hex.substring(0, 12) + ": Pushed"), first);
      assertTrue(second.contains(hex.substring(0, 12) + ": Mounted from a/img"), second);
      assertEquals(200, status("http://" + registry + "/v2/b/img/blobs/" + layer), "the layer is in b/img");
      assertTrue(Files.exists(storage.resolve("docker/registry/v2/repositories/b/img/_layers/sha256/" + hex + "/link")));
    }
    assertFalse(second.contains("Pushed"), second);
    assertTrue(second.contains("1: digest: sha256:"), second);
    assertEquals(200, status("http://" + registry + "/v2/b/img/manifests/1"));
    docker.run("rm", "-f", "registry_local");
  }

  /**
   * The guide's {@code docker run -d -p <port>:5000 -v <host dir>:/var/lib/registry registry},
   * once it serves; returns the host directory holding its storage.
   */
  private Path startRegistryPublishedOn(int port) throws Exception {
    buildRegistryImage();
    Path storage = Files.createDirectories(dir.resolve("opt-data-registry"));
    docker.run("run", "-d", "-p", port + ":5000", "-v", storage + ":/var/lib/registry", "--name", "registry_local",
        "registry");
    awaitCatalog(port);
    return storage;
  }

  /** {@code docker tag ubuntu:latest 127.0.0.1:<port>/ubuntu:latest}, push, catalog, rmi, pull, run. */
  private void pushRemovePull(int port) throws Exception {
    String name = "127.0.0.1:" + port + "/ubuntu:latest";
    docker.run("tag", "busybox", "ubuntu:latest");
    docker.run("tag", "ubuntu:latest", name);
    String pushed = docker.run("push", name);
    assertTrue(pushed.contains("latest: digest: sha256:"), pushed);
    assertEquals("{\"repositories\":[\"ubuntu\"]}", get("http://127.0.0.1:" + port + "/v2/_catalog").strip());

    String id = docker.run("image", "inspect", "--format", "{{.Id}}", name).strip();
    docker.run("rmi", name, "ubuntu:latest");
    String pulled = docker.run("pull", name);
    assertTrue(pulled.contains("Status: Downloaded newer image for " + name)
        || pulled.contains("Status: Image is up to date for " + name), pulled);
    assertEquals(id, docker.run("image", "inspect", "--format", "{{.Id}}", name).strip(), "the same image comes back");
    assertEquals("from the registry", docker.run("run", "--rm", name, "echo", "from the registry").strip());
  }

  private void buildRegistryImage() throws Exception {
    assumeTrue(Files.isExecutable(REGISTRY_BINARY), "docker-registry (CNCF Distribution) not installed");
    Path context = Files.createDirectories(dir.resolve("registry-image"));
    Files.copy(REGISTRY_BINARY, context.resolve("registry"));
    Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), context.resolve("libc.so.6"));
    Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), context.resolve("ld-linux-x86-64.so.2"));
    Files.writeString(context.resolve("config.yml"), """
        version: 0.1
        storage:
          filesystem:
            rootdirectory: /var/lib/registry
        http:
          addr: :5000
        """);
    Files.writeString(context.resolve("Dockerfile"), """
        FROM scratch
        COPY libc.so.6 /lib/x86_64-linux-gnu/
        COPY ld-linux-x86-64.so.2 /lib64/
        COPY registry /bin/registry
        COPY config.yml /etc/docker/registry/config.yml
        VOLUME ["/var/lib/registry"]
        EXPOSE 5000
        ENTRYPOINT ["/bin/registry"]
        CMD ["serve", "/etc/docker/registry/config.yml"]
        """);
    docker.run("build", "-q", "-t", "registry", context.toString());
  }

  private void awaitCatalog(int port) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try {
        get("http://127.0.0.1:" + port + "/v2/_catalog");
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the registry container never answered; its log: "
              + docker.result("logs", "registry_local").output(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** The status of {@code GET url}, accepting OCI and Docker manifests. */
  private static int status(String url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setRequestProperty("Accept",
        "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  private static String get(String url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(5000);
    try (var in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
