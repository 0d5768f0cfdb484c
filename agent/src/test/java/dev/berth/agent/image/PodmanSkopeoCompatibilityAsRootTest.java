package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.state.AgentLayout;
import dev.berth.agent.content.Digest;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives exchanged with podman 4 and skopeo 1.9, each run against its own vfs storage in a
 * temp directory (never the machine's default storage).
 */
@Tag("root")
class PodmanSkopeoCompatibilityAsRootTest {
  @TempDir Path dir;
  private Path podmanRoot;
  private Path podmanRunRoot;
  private ImageService berth;

  @BeforeEach
  void setUp() throws Exception {
    podmanRoot = Files.createDirectories(dir.resolve("podman-root"));
    podmanRunRoot = Files.createDirectories(dir.resolve("podman-runroot"));
    berth = ImageService.open(new AgentLayout(dir.resolve("berth")), ImageUsers.NONE);
  }

  private String podman(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("podman", "--storage-driver", "vfs", "--root", podmanRoot.toString(),
        "--runroot", podmanRunRoot.toString(), "--events-backend", "none", "--cgroup-manager", "cgroupfs"));
    command.addAll(List.of(args));
    return TestImages.run(command).strip();
  }

  private String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(args));
    return TestImages.run(command);
  }

  private String storage(String name) {
    return "containers-storage:[vfs@" + podmanRoot + "+" + podmanRunRoot + "]" + name;
  }

  private Image berthImage() throws Exception {
    Path tar = TestImages.busyboxRootfsTar(dir, "bb");
    try (InputStream in = Files.newInputStream(tar)) {
      return berth.importTar(in, List.of("CMD [\"/bin/sh\"]"), "", Optional.of(Reference.parse("localhost/bb:1")));
    }
  }

  private Path berthSave(String name) throws Exception {
    Path archive = dir.resolve("berth-save.tar");
    try (OutputStream out = Files.newOutputStream(archive)) {
      berth.save(List.of(name), out);
    }
    return archive;
  }

  private List<Digest> berthLoad(Path archive) throws Exception {
    ImageService fresh = ImageService.open(new AgentLayout(dir.resolve("berth-loaded-" + archive.getFileName())), ImageUsers.NONE);
    try (InputStream in = Files.newInputStream(archive)) {
      List<Digest> ids = fresh.load(in, LoadProgress.NONE);
      berth = fresh;
      return ids;
    }
  }

  private String podmanImage() throws Exception {
    Path tar = TestImages.busyboxRootfsTar(dir, "pbb");
    podman("import", "--change", "CMD [\"/bin/sh\"]", tar.toString(), "localhost/pbb:1");
    return podman("image", "inspect", "--format", "{{.Id}}", "localhost/pbb:1");
  }

  @Test
  void podmanLoadsWhatBerthSavesWithTheSameConfigAndLayers() throws Exception {
    Image image = berthImage();
    Path archive = berthSave("localhost/bb:1");
    podman("load", "-i", archive.toString());
    assertEquals(image.id().encoded(), podman("image", "inspect", "--format", "{{.Id}}", "localhost/bb:1"));
    String layers = podman("image", "inspect", "--format", "{{range .RootFS.Layers}}{{.}} {{end}}", "localhost/bb:1");
    assertEquals(image.diffIds().stream().map(Digest::toString).toList(), List.of(layers.split(" ")));
  }

  @Test
  void skopeoReadsWhatBerthSavesAsDockerArchiveAndAsOciLayout() throws Exception {
    Image image = berthImage();
    Path archive = berthSave("localhost/bb:1");
    String inspected = skopeo("inspect", "--config", "docker-archive:" + archive);
    assertTrue(inspected.contains(image.diffIds().get(0).toString()), inspected);
    Path copy = dir.resolve("copy.tar");
    skopeo("copy", "docker-archive:" + archive, "oci-archive:" + copy + ":localhost/bb:1");
    // Converting to OCI, skopeo drops Docker-only config fields ("comment"), so the id changes;
    // the layers and the run config survive.
    Digest loadedId = berthLoad(copy).get(0);
    Image loaded = berth.store().get(loadedId).orElseThrow();
    assertEquals(image.diffIds(), loaded.diffIds());
    assertEquals(List.of("/bin/sh"), berth.inspect("localhost/bb:1").config().config.cmd);
  }

  @Test
  void berthLoadsPodmanDockerArchives() throws Exception {
    String id = podmanImage();
    Path archive = dir.resolve("podman-docker.tar");
    podman("save", "--format", "docker-archive", "-o", archive.toString(), "localhost/pbb:1");
    assertEquals(List.of(Digest.parse("sha256:" + id)), berthLoad(archive));
    assertEquals(id, berth.store().resolve("localhost/pbb:1").id().encoded());
  }

  @Test
  void berthLoadsPodmanOciArchives() throws Exception {
    String id = podmanImage();
    Path archive = dir.resolve("podman-oci.tar");
    podman("save", "--format", "oci-archive", "-o", archive.toString(), "localhost/pbb:1");
    assertEquals(List.of(Digest.parse("sha256:" + id)), berthLoad(archive));
    assertEquals(id, berth.store().resolve("localhost/pbb:1").id().encoded());
  }

  @Test
  void berthLoadsSkopeoArchivesOfBothKinds() throws Exception {
    String id = podmanImage();
    Path docker = dir.resolve("skopeo-docker.tar");
    skopeo("copy", storage("localhost/pbb:1"), "docker-archive:" + docker + ":localhost/pbb:2");
    assertEquals(List.of(Digest.parse("sha256:" + id)), berthLoad(docker));
    assertEquals(id, berth.store().resolve("localhost/pbb:2").id().encoded());
    Path oci = dir.resolve("skopeo-oci.tar");
    skopeo("copy", storage("localhost/pbb:1"), "oci-archive:" + oci + ":latest");
    assertEquals(List.of(Digest.parse("sha256:" + id)), berthLoad(oci));
  }
}
