package dev.berth.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.state.AgentLayout;
import dev.berth.agent.content.Digest;
import dev.berth.agent.content.DigestMismatchException;
import dev.berth.agent.image.json.ImageConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import, save and load on real storage (layers are unpacked with owners and devices: needs root). */
@Tag("root")
class ImageServiceAsRootTest {
  @TempDir Path dir;

  private ImageService service() throws IOException {
    return ImageService.open(new AgentLayout(dir.resolve("data")), ImageUsers.NONE);
  }

  private Image importBusybox(ImageService service, String tag) throws Exception {
    Path tar = TestImages.busyboxRootfsTar(dir, "bb", "-z");
    try (InputStream in = Files.newInputStream(tar)) {
      return service.importTar(in, List.of("CMD [\"/bin/sh\"]", "ENV A=1", "LABEL tier=base"), "",
          Optional.of(Reference.parse(tag)));
    }
  }

  @Test
  void importsARootfsAsAOneLayerImage() throws Exception {
    ImageService service = service();
    Image image = importBusybox(service, "bb:1");
    assertEquals(image, service.store().resolve("bb:1"));
    ImageConfig config = service.inspect("bb:1").config();
    assertEquals(List.of("/bin/sh"), config.config.cmd);
    assertEquals(List.of("A=1"), config.config.env);
    assertEquals(1, image.diffIds().size());
    assertTrue(image.size() > 500_000, "busybox is in the layer");
    Path unpacked = service.store().resources().snapshots().layerPath(image.diffIds().get(0));
    assertTrue(Files.isRegularFile(unpacked.resolve("bin/busybox")));
    List<HistoryEntry> history = service.history("bb:1");
    assertEquals(1, history.size());
    assertEquals("Imported from -", history.get(0).comment());
    assertEquals(image.size(), history.get(0).size());
  }

  @Test
  void saveThenGzipThenLoadRoundTripsToTheSameId() throws Exception {
    ImageService first = service();
    Image image = importBusybox(first, "bb:1");
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(archive)) {
      first.save(List.of("bb:1"), gzip);
    }
    ImageService second = ImageService.open(new AgentLayout(dir.resolve("other")), ImageUsers.NONE);
    List<String> messages = new java.util.ArrayList<>();
    List<Digest> loaded = second.load(new ByteArrayInputStream(archive.toByteArray()), new LoadProgress() {
      @Override
      public void message(String line) {
        messages.add(line);
      }
    });
    assertEquals(List.of(image.id()), loaded);
    assertEquals(List.of("Loaded image: bb:1"), messages);
    assertEquals(image.diffIds(), second.store().resolve("bb:1").diffIds());
  }

  @Test
  void aTamperedLayerRefusesTheWholeLoad() throws Exception {
    ImageService service = service();
    importBusybox(service, "bb:1");
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    service.save(List.of("bb:1"), archive);
    byte[] bytes = archive.toByteArray();
    byte[] needle = "bb\n".getBytes(java.nio.charset.StandardCharsets.UTF_8); // etc/hostname's content
    int at = indexOf(bytes, needle);
    assertTrue(at > 0);
    bytes[at] = 'x';
    ImageService other = ImageService.open(new AgentLayout(dir.resolve("other")), ImageUsers.NONE);
    byte[] tampered = bytes;
    assertThrows(DigestMismatchException.class, () -> other.load(new ByteArrayInputStream(tampered), LoadProgress.NONE));
    assertTrue(other.store().images().isEmpty());
    assertTrue(other.store().content().list().isEmpty(), "nothing stored");
    assertTrue(other.store().resources().snapshots().layers().isEmpty());
  }

  @Test
  void moreThan125LayersAreRefused() throws Exception {
    ImageService service = service();
    StringBuilder manifest = new StringBuilder("[{\"Config\":\"c.json\",\"RepoTags\":[],\"Layers\":[");
    for (int i = 0; i < 126; i++) {
      manifest.append(i == 0 ? "" : ",").append("\"l.tar\"");
    }
    manifest.append("]}]");
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    var tar = new dev.berth.agent.image.archive.TarWriter(archive);
    tar.file("c.json", "{}".getBytes());
    tar.file("l.tar", Files.readAllBytes(TestImages.fileTar(dir, "a", "a")));
    tar.file("manifest.json", manifest.toString().getBytes());
    tar.finish();
    IOException refused = assertThrows(IOException.class,
        () -> service.load(new ByteArrayInputStream(archive.toByteArray()), LoadProgress.NONE));
    assertTrue(refused.getMessage().contains("more than the maximum of 125 layers"), refused.getMessage());
  }

  @Test
  void removingTheLastTagDeletesBlobsAndSnapshots() throws Exception {
    ImageService service = service();
    Image image = importBusybox(service, "bb:1");
    service.tag("bb:1", Reference.parse("bb:2"));
    assertEquals(List.of(new ImageDeleteItem("bb:1", null)), service.remove("bb:1", false, false));
    List<ImageDeleteItem> removed = service.remove("bb:2", false, false);
    assertEquals(new ImageDeleteItem(null, image.id().toString()), removed.get(1));
    assertFalse(service.store().content().contains(image.diffIds().get(0)));
    assertTrue(service.store().resources().snapshots().layers().isEmpty());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
