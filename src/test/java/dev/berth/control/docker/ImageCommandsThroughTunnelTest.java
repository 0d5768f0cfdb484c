package dev.berth.control.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The image commands of the study guide, with the stock docker CLI, through the control plane to a real agent. */
@QuarkusTest
class ImageCommandsThroughTunnelTest {
  private static final String HOST = "tunnel-images";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void importSaveRemoveLoadRoundTripsToTheSameImage() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);

      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "guide/busybox:1.0");
      assertEquals(0, imported.exit(), imported.output());
      String id = imported.output().trim();
      assertTrue(docker.ok("images").contains("guide/busybox"), "docker images lists it");

      Path archive = Files.createTempFile("busybox-save", ".tar");
      docker.ok("save", "-o", archive.toString(), "guide/busybox:1.0");
      assertTrue(Files.size(archive) > 1_000_000, "the archive carries the busybox layer");
      docker.ok("rmi", "guide/busybox:1.0");
      assertEquals("", docker.ok("images", "-q").trim());

      String loaded = docker.ok("load", "-i", archive.toString());
      assertTrue(loaded.contains("Loaded image: guide/busybox:1.0"), loaded);
      assertEquals(id, docker.ok("image", "inspect", "--format", "{{.Id}}", "guide/busybox:1.0").trim());

      DockerCli.Result missing = docker.run(null, "rmi", "guide/nothing:here");
      assertTrue(missing.output().contains("No such image: guide/nothing:here"), missing.output());
    }
  }
}
