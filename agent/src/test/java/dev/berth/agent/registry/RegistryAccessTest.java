package dev.berth.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which address and scheme a registry client speaks to. */
class RegistryAccessTest {
  private final RegistryAccess access = new RegistryAccess(URI.create("http://10.210.3.1:8080"), () -> Optional.of("s"));

  @Test
  void theControlPlanesRegistryIsReachedOverTheControlPlanesScheme() {
    assertEquals(URI.create("http://10.210.3.1:8080"), access.client("10.210.3.1:8080", Optional.empty()).base());
    RegistryAccess tls = new RegistryAccess(URI.create("https://berth.example:8443"), Optional::empty);
    assertEquals(URI.create("https://berth.example:8443"), tls.client("berth.example:8443", Optional.empty()).base());
  }

  @Test
  void otherRegistriesAreReachedOverHttpsUnlessOnLoopback() {
    assertEquals(URI.create("https://10.210.3.2:8080"), access.client("10.210.3.2:8080", Optional.empty()).base());
    assertEquals(URI.create("https://registry-1.docker.io"), access.client("docker.io", Optional.empty()).base());
    assertEquals(URI.create("http://127.0.0.1:5000"), access.client("127.0.0.1:5000", Optional.empty()).base());
  }
}
