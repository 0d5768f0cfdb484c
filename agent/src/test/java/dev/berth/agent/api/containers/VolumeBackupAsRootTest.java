package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.runtime.ContainerStatus;
import dev.berth.backup.BackupArchive;
import dev.berth.testsupport.TreeSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Volume backup and restore through the agent's Berth endpoints, with real files (owners, modes,
 * xattrs, symlinks, hard links) and real containers for the consistency modes; every bad archive
 * refused with the target untouched.
 */
@Tag("root")
class VolumeBackupAsRootTest extends EndpointsOnAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBackupRestoresTheIdenticalTreeAfterTheVolumeIsGoneAndPlainTarReadsIt() throws Exception {
    Path data = seed("bk-data");
    List<String> before = TreeSnapshot.of(data);
    byte[] archive = backup("bk-data", "live");
    JsonNode manifest = JSON.readTree(BackupArchive.readManifest(channel(archive)).orElseThrow());
    assertEquals("bk-data", manifest.get("volume").asText());
    assertEquals("tar+zstd", manifest.get("format").asText());
    assertEquals("b", manifest.get("labels").get("a").asText());
    assertEquals(8, manifest.get("files").asLong(), manifest.toString());
    assertEquals(13 + 5, manifest.get("size").asLong(), manifest.toString());

    Path file = Files.write(dir.resolve("b.tar.zst"), archive);
    Process tar = new ProcessBuilder("tar", "--zstd", "-tvf", file.toString()).redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor(), listing);
    assertTrue(listing.contains("./sub/hard link to ./hello") || listing.contains("link to ./hello"), listing);

    assertEquals(204, api.call("DELETE", "/v1.47/volumes/bk-data").status);
    CapturedResponse restored = api.call("PUT", "/berth/volumes/bk-data/restore?sha256=" + sha256(archive)
        + "&labels=%7B%22a%22%3A%22b%22%7D", archive);
    assertEquals(200, restored.status, restored.text());
    assertEquals("b", restored.json().get("Labels").get("a").asText());
    assertEquals(before, TreeSnapshot.of(data));
    assertEquals(List.of(), staging(), "no staging directory left");

    CapturedResponse notEmpty = restore("bk-data", archive, sha256(archive), false);
    assertEquals(409, notEmpty.status);
    assertTrue(notEmpty.text().contains("volume is not empty"), notEmpty.text());
    Files.writeString(data.resolve("later"), "x");
    assertEquals(200, restore("bk-data", archive, sha256(archive), true).status);
    assertEquals(before, TreeSnapshot.of(data), "replace=true swaps the whole content");
  }

  @Test
  void badArchivesAreRefusedAndTheTargetStaysUntouched() throws Exception {
    seed("bk-source");
    byte[] good = backup("bk-source", "live");
    assertEquals(201, api.call("POST", "/v1.47/volumes/create", "{\"Name\":\"bk-target\"}").status);
    Path target = api.agent.volumes().dataDir("bk-target");
    Files.writeString(target.resolve("keep"), "mine");
    List<String> before = TreeSnapshot.of(target);

    byte[] corrupt = good.clone();
    corrupt[corrupt.length / 2] ^= 0x55;
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] escaping = escapingArchive();
    refused(corrupt, sha256(corrupt), "corrupt or truncated");
    refused(truncated, sha256(truncated), "corrupt or truncated");
    refused(good, sha256(corrupt), "checksum mismatch");
    refused(escaping, sha256(escaping), "backup archive refused: unsafe layer entry");
    assertEquals(before, TreeSnapshot.of(target));
    assertFalse(Files.exists(target.getParent().getParent().resolve("escaped")));
    assertFalse(Files.exists(target.getParent().resolve("escaped")));
    assertEquals(List.of(), staging(), "no staging directory left");
    CapturedResponse noSum = api.call("PUT", "/berth/volumes/bk-target/restore?replace=1", good);
    assertEquals(400, noSum.status);
    assertTrue(noSum.text().contains("sha256 must be"), noSum.text());
  }

  @Test
  void pauseAndStopModesHoldTheUsersOnlyDuringTheBackup() throws Exception {
    seed("bk-used");
    String id = api.create("bk-user", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],"
        + "\"HostConfig\":{\"Binds\":[\"bk-used:/data\"]}}");
    assertEquals(204, api.call("POST", "/v1.47/containers/" + id + "/start").status);
    assertEquals(ContainerStatus.PAUSED, statusWhileStreaming("bk-used", "pause", id));
    assertEquals(ContainerStatus.RUNNING, api.agent.containers().get(id).status());
    assertEquals(ContainerStatus.EXITED, statusWhileStreaming("bk-used", "stop", id));
    assertEquals(ContainerStatus.RUNNING, api.agent.containers().get(id).status());
    assertEquals(ContainerStatus.RUNNING, statusWhileStreaming("bk-used", "live", id));

    byte[] archive = backup("bk-used", "live");
    CapturedResponse inUse = restore("bk-used", archive, sha256(archive), true);
    assertEquals(409, inUse.status);
    assertTrue(inUse.text().contains("in use by running containers - [" + id + "]"), inUse.text());
    CapturedResponse badMode = api.call("GET", "/berth/volumes/bk-used/backup?mode=freeze");
    assertEquals(400, badMode.status);
    assertEquals(404, api.call("GET", "/berth/volumes/nothere/backup").status);
    api.call("DELETE", "/v1.47/containers/" + id + "?force=1");
  }

  // A volume with a bit of everything: owners, modes, setgid, xattrs, symlink, hard link, fifo, empty dir.
  private Path seed(String name) throws Exception {
    assertEquals(201, api.call("POST", "/v1.47/volumes/create", "{\"Name\":\"" + name + "\",\"Labels\":{\"a\":\"b\"}}")
        .status);
    Path data = api.agent.volumes().dataDir(name);
    Path sub = Files.createDirectories(data.resolve("sub/empty"));
    Files.writeString(data.resolve("hello"), "hello, world!");
    Files.writeString(sub.resolve("notes"), "notes");
    Files.createLink(sub.resolve("hard"), data.resolve("hello"));
    Files.createSymbolicLink(data.resolve("link"), Path.of("sub/notes"));
    exec("mkfifo", data.resolve("pipe").toString());
    exec("chown", "1000:2000", data.resolve("hello").toString());
    exec("chown", "-h", "33:33", data.resolve("link").toString());
    exec("chmod", "2750", sub.toString());
    exec("chmod", "0711", data.toString());
    exec("chown", "7:7", data.toString());
    Files.getFileAttributeView(sub.resolve("notes"), UserDefinedFileAttributeView.class)
        .write("user.colour", ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
    return data;
  }

  private byte[] backup(String volume, String mode) throws IOException {
    CapturedResponse response = api.call("GET", "/berth/volumes/" + volume + "/backup?mode=" + mode);
    assertEquals(200, response.status, response.text());
    assertEquals("application/zstd", response.header("Content-Type"));
    return response.bytes.toByteArray();
  }

  private CapturedResponse restore(String volume, byte[] archive, String sha, boolean replace) throws IOException {
    return api.call("PUT", "/berth/volumes/" + volume + "/restore?sha256=" + sha + (replace ? "&replace=1" : ""),
        archive);
  }

  private void refused(byte[] archive, String sha, String why) throws IOException {
    CapturedResponse response = restore("bk-target", archive, sha, true);
    assertEquals(400, response.status, response.text());
    assertTrue(response.text().contains(why), response.text());
  }

  // The container's status seen when the backup's first bytes go out.
  private ContainerStatus statusWhileStreaming(String volume, String mode, String id) throws IOException {
    ContainerStatus[] seen = new ContainerStatus[1];
    DockerResponse response = new DockerResponse() {
      @Override
      public void head(int status, Map<String, List<String>> headers) throws IOException {
        assertEquals(200, status);
        seen[0] = api.agent.containers().get(id).status();
      }

      @Override
      public OutputStream body() {
        return OutputStream.nullOutputStream();
      }
    };
    api.agent.dockerApi().handle(DockerRequest.of("GET", "/berth/volumes/" + volume + "/backup?mode=" + mode), response);
    return seen[0];
  }

  // A zstd tar whose second entry climbs out of the volume.
  private static byte[] escapingArchive() throws IOException {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(plain);
    tar.file("./fine", "ok".getBytes(StandardCharsets.UTF_8));
    tar.file("../escaped", "out".getBytes(StandardCharsets.UTF_8));
    tar.finish();
    return Zstd.compress(plain.toByteArray());
  }

  private List<Path> staging() throws IOException {
    try (Stream<Path> entries = Files.list(api.agent.volumes().dataDir("x").getParent().getParent())) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".staging")).toList();
    }
  }

  private static SeekableByteChannel channel(byte[] bytes) throws IOException {
    Path file = Files.createTempFile("manifest", ".zst");
    Files.write(file, bytes);
    SeekableByteChannel channel = Files.newByteChannel(file);
    Files.delete(file);
    return channel;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void exec(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
  }
}
