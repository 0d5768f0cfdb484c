package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image as {@code docker save} / {@code podman save --format docker-archive} writes it, read
 * back for comparison: its config ({@code config} of the image JSON) and its file tree, the
 * layers applied in order (whiteouts and opaque directories honoured), each path described by
 * type, mode, owner, size, content digest or link target (times left out: they always differ).
 */
record SavedImage(JsonNode config, Map<String, String> files) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the archive at {@code archive}. */
  static SavedImage read(Path archive) throws IOException {
    Map<String, byte[]> members = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.isFile()) {
          members.put(clean(entry.getName()), tar.readAllBytes());
        }
      }
    }
    JsonNode manifest = JSON.readTree(members.get("manifest.json")).get(0);
    JsonNode image = JSON.readTree(members.get(clean(manifest.get("Config").asText())));
    Map<String, String> files = new TreeMap<>();
    for (JsonNode layer : manifest.get("Layers")) {
      apply(new ByteArrayInputStream(members.get(clean(layer.asText()))), files);
    }
    return new SavedImage(image.get("config"), files);
  }

  // Deletions of a layer (whiteouts, opaque directories) apply to the layers below it, then its entries.
  private static void apply(InputStream layer, Map<String, String> files) throws IOException {
    Map<String, String> added = new TreeMap<>();
    Map<String, String> contents = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(layer)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String path = "/" + clean(entry.getName());
        String name = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (name.equals(".wh..wh..opq")) {
          files.keySet().removeIf(p -> p.startsWith(parent + "/"));
          continue;
        }
        if (name.startsWith(".wh.")) {
          String gone = parent + "/" + name.substring(4);
          files.keySet().removeIf(p -> p.equals(gone) || p.startsWith(gone + "/"));
          continue;
        }
        String owner = entry.getLongUserId() + ":" + entry.getLongGroupId();
        String mode = Integer.toOctalString(entry.getMode() & 07777);
        if (entry.isDirectory()) {
          added.put(path.equals("/") ? "/" : path, "dir " + mode + " " + owner);
        } else if (entry.isSymbolicLink()) {
          added.put(path, "symlink " + owner + " -> " + entry.getLinkName());
        } else if (entry.isLink()) {
          String target = "/" + clean(entry.getLinkName());
          added.put(path, added.getOrDefault(target, files.getOrDefault(target, "link to missing " + target)));
        } else {
          String digest = sha256(tar.readAllBytes());
          contents.put(path, digest);
          added.put(path, "file " + mode + " " + owner + " " + entry.getSize() + " " + digest);
        }
      }
    }
    added.keySet().forEach(path -> files.keySet().removeIf(p -> p.startsWith(path + "/") && !added.get(path)
        .startsWith("dir") && !path.equals("/")));
    files.putAll(added);
  }

  private static String clean(String name) {
    String cleaned = name.replaceAll("^\\./", "").replaceAll("/+$", "");
    return cleaned.equals(".") ? "" : cleaned;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
