package dev.berth.agent.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain-HTTP registry (the CNCF Distribution binary of the Debian package {@code docker-registry})
 * on this host's non-loopback address: reached only when listed as insecure, by name or by CIDR.
 */
class InsecureRegistryAccessTest {
  private static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");

  @TempDir Path dir;
  private Process registry;
  private String domain;

  @BeforeEach
  void startRegistry() throws Exception {
    assumeTrue(Files.isExecutable(REGISTRY_BINARY), "docker-registry (CNCF Distribution) not installed");
    InetAddress address = NetworkInterface.networkInterfaces().filter(InsecureRegistryAccessTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .findFirst().orElse(null);
    assumeTrue(address != null, "no non-loopback IPv4 address");
    int port = ThreadLocalRandom.current().nextInt(40000, 60000);
    domain = address.getHostAddress() + ":" + port;
    Path config = Files.writeString(dir.resolve("config.yml"), "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: "
        + dir.resolve("storage") + "\nhttp:\n  addr: " + domain + "\n");
    registry = new ProcessBuilder(REGISTRY_BINARY.toString(), "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket probe = new Socket(address, port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !registry.isAlive()) {
          throw new AssertionError("the registry never listened: " + Files.readString(dir.resolve("registry.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterEach
  void stopRegistry() throws InterruptedException {
    if (registry != null) {
      registry.destroy();
      registry.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aListedRegistryIsReachedOverPlainHttpAndAnUnlistedOneOverHttps() throws IOException {
    access(List.of(domain)).client(domain, Optional.empty()).login();
    String subnet = domain.substring(0, domain.lastIndexOf('.')) + ".0/24";
    access(List.of(subnet)).client(domain, Optional.empty()).login();

    assertThrows(IOException.class, () -> access(List.of()).client(domain, Optional.empty()).login(),
        "HTTPS to a plain-HTTP registry");
  }

  private static RegistryAccess access(List<String> insecure) {
    return new RegistryAccess(null, Optional::empty, HttpClient::newHttpClient, InsecureRegistries.parse(insecure));
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (IOException e) {
      return false;
    }
  }
}
