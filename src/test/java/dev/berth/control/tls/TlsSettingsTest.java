package dev.berth.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names the generated server certificate gets: the configured ones and the replica's address host. */
class TlsSettingsTest {
  @Test
  void namesTheHostOfTheReplicaAddressBesideTheConfiguredNames() {
    assertEquals(List.of("berth.example", "berth-2.internal"),
        names(Map.of("berth.tls.names", "berth.example", "berth.replica.address", "https://berth-2.internal:8443/")));
    assertEquals(List.of("::1"), names(Map.of("berth.replica.address", "https://[::1]:8443")));
    assertEquals(List.of("10.0.0.7"), names(Map.of("berth.tls.names", "10.0.0.7", "berth.replica.address", "https://10.0.0.7:8443")));
    assertEquals(List.of(), names(Map.of("berth.replica.address", "")));
  }

  private static List<String> names(Map<String, String> settings) {
    return TlsSettings.from(Path.of("/nonexistent"), name -> Optional.ofNullable(settings.get(name))).names();
  }
}
