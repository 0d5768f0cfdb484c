package dev.berth.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
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

  @Test
  void listedInsecureRegistriesAreReachedOverHttp() {
    RegistryAccess insecure = new RegistryAccess(URI.create("https://berth.example:8443"), Optional::empty,
        HttpClient::newHttpClient, InsecureRegistries.parse(List.of("registry.lan:5000", "10.210.0.0/16")));
    assertEquals(URI.create("http://registry.lan:5000"), insecure.client("registry.lan:5000", Optional.empty()).base());
    assertEquals(URI.create("http://10.210.3.2:8080"), insecure.client("10.210.3.2:8080", Optional.empty()).base());
    assertEquals(URI.create("https://10.211.0.1"), insecure.client("10.211.0.1", Optional.empty()).base());
    assertEquals(URI.create("http://localhost:5000"), insecure.client("localhost:5000", Optional.empty()).base());
    assertEquals(URI.create("https://registry-1.docker.io"), insecure.client("docker.io", Optional.empty()).base());
  }
}
