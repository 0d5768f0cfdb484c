package dev.berth.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stock docker CLI with `berth env`'s settings (DOCKER_HOST=tcp://…, DOCKER_TLS_VERIFY=1,
 * DOCKER_CERT_PATH with Berth's CA as ca.pem and no client certificate) works over HTTPS, attach
 * included; with another CA's certificate as ca.pem it refuses the control plane.
 */
@QuarkusTest
class DockerCliOverHttpsTest {
  private static final String HOST = "https-cli";

  @Test
  void theDockerCliRunsContainersOverHttpsVerifyingBerthsCa() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(BerthTls.httpsUrl(), HOST)) {
      DockerCli docker = new DockerCli(BerthTls.httpsUrl(), HOST);
      String image = "https-cli/busybox:1";
      try {
        assertEquals(0, docker.run(DockerCli.busyboxRootfs(), "import", "-", image).exit());
        String said = docker.ok("run", "--rm", "--name", "https-cli-echo", image, "sh", "-c", "echo over-tls");
        assertTrue(said.contains("over-tls"), said);
        // The end of stdin reaches the container: over TLS the CLI ends its input with a close_notify alone.
        Path input = Files.writeString(Files.createTempFile("https-cli-input", ".txt"), "typed-over-tls\n");
        DockerCli.Result catted = docker.run(input, "run", "--rm", "-i", image, "cat");
        Files.delete(input);
        assertEquals(0, catted.exit(), catted.output());
        assertTrue(catted.output().contains("typed-over-tls"), catted.output());
        assertTrue(docker.ok("version", "--format", "{{.Server.APIVersion}}").trim().matches("1\\.\\d+"));
      } finally {
        docker.run(null, "rm", "-f", "https-cli-echo");
        docker.run(null, "rmi", "-f", image);
      }

      DockerCli untrusting = new DockerCli(BerthTls.httpsUrl(), HOST);
      BerthCa foreign = BerthCa.openOrCreate(Files.createTempDirectory("foreign-ca"));
      Files.copy(foreign.certificateFile(), untrusting.certPath().resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
      DockerCli.Result refused = untrusting.run(null, "version");
      assertNotEquals(0, refused.exit());
      assertTrue(List.of("x509", "certificate").stream().anyMatch(refused.output()::contains), refused.output());
    }
  }
}
