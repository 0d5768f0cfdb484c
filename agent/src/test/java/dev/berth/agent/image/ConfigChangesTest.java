package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.agent.image.json.ContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
  @Test
  void appliesDockerfileStyleChanges() {
    ContainerConfig config = new ContainerConfig();
    ConfigChanges.apply(List.of(
        "CMD [\"/bin/sh\", \"-c\", \"echo hi\"]",
        "ENTRYPOINT /bin/busybox",
        "ENV A=1 B=\"two words\"",
        "ENV C three words",
        "ENV A=changed",
        "EXPOSE 80 53/udp",
        "WORKDIR /srv",
        "WORKDIR app",
        "USER nobody:nogroup",
        "LABEL version=1 \"descr\"='with spaces'",
        "VOLUME [\"/data\"]",
        "VOLUME /cache /logs",
        "STOPSIGNAL SIGQUIT"), config);
    assertEquals(List.of("/bin/sh", "-c", "echo hi"), config.cmd);
    assertEquals(List.of("/bin/sh", "-c", "/bin/busybox"), config.entrypoint);
    assertEquals(List.of("B=two words", "C=three words", "A=changed"), config.env);
    assertEquals(List.of("80/tcp", "53/udp"), List.copyOf(config.exposedPorts.keySet()));
    assertEquals("/srv/app", config.workingDir);
    assertEquals("nobody:nogroup", config.user);
    assertEquals(Map.of("version", "1", "descr", "with spaces"), config.labels);
    assertEquals(List.of("/data", "/cache", "/logs"), List.copyOf(config.volumes.keySet()));
    assertEquals("SIGQUIT", config.stopSignal);
  }

  @Test
  void rejectsUnknownOrEmptyChanges() {
    assertThrows(IllegalArgumentException.class, () -> ConfigChanges.apply(List.of("RUN echo"), new ContainerConfig()));
    assertThrows(IllegalArgumentException.class, () -> ConfigChanges.apply(List.of("CMD"), new ContainerConfig()));
    assertThrows(IllegalArgumentException.class, () -> ConfigChanges.apply(List.of("EXPOSE eighty"), new ContainerConfig()));
  }
}
