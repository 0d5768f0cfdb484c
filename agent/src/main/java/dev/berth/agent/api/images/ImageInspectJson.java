package dev.berth.agent.api.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.HistoryEntry;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageDetails;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.snapshot.ChainIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Docker's ImageInspect (API 1.47: no VirtualSize, Container or ContainerConfig). {@code Config}
 * has every field of Docker's container config, as dockerd writes it from the config blob.
 */
final class ImageInspectJson {
  /** container.Config's fields in dockerd's order. */
  private static final List<String> CONFIG_FIELDS = List.of("Hostname", "Domainname", "User", "AttachStdin",
      "AttachStdout", "AttachStderr", "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Healthcheck",
      "ArgsEscaped", "Image", "Volumes", "WorkingDir", "Entrypoint", "NetworkDisabled", "MacAddress", "OnBuild",
      "Labels", "StopSignal", "StopTimeout", "Shell");
  /** What dockerd writes for an absent field; fields in neither map are left out (omitempty). */
  private static final Map<String, Object> DEFAULTS = Map.ofEntries(Map.entry("Hostname", ""),
      Map.entry("Domainname", ""), Map.entry("User", ""), Map.entry("AttachStdin", false),
      Map.entry("AttachStdout", false), Map.entry("AttachStderr", false), Map.entry("Tty", false),
      Map.entry("OpenStdin", false), Map.entry("StdinOnce", false), Map.entry("Image", ""),
      Map.entry("WorkingDir", ""));
  private static final Set<String> NULL_WHEN_ABSENT = Set.of("Env", "Cmd", "Volumes", "Entrypoint", "OnBuild",
      "Labels");

  private ImageInspectJson() {}

  /** The inspect answer for {@code details}; {@code layerPath} finds an unpacked layer by chain id. */
  static ObjectNode of(ImageDetails details, Function<Digest, Path> layerPath) {
    Image image = details.image();
    ImageConfig config = details.config();
    ObjectNode json = JsonReply.object();
    json.put("Id", image.id().toString());
    json.set("RepoTags", JsonReply.mapper().valueToTree(details.repoTags()));
    json.set("RepoDigests", JsonReply.mapper().valueToTree(details.repoDigests()));
    json.put("Parent", image.parentId().map(Digest::toString).orElse(""));
    json.put("Comment", orEmpty(config.comment));
    if (config.created != null) {
      json.put("Created", DockerTime.rfc3339Nano(HistoryEntry.instant(config.created)));
    }
    json.put("DockerVersion", orEmpty(config.dockerVersion));
    json.put("Author", orEmpty(config.author));
    json.set("Config", config.config == null ? null : containerConfig(config));
    json.put("Architecture", orEmpty(config.architecture));
    if (config.variant != null && !config.variant.isEmpty()) {
      json.put("Variant", config.variant);
    }
    json.put("Os", orEmpty(config.os));
    if (config.other().get("os.version") instanceof String osVersion && !osVersion.isEmpty()) {
      json.put("OsVersion", osVersion);
    }
    json.put("Size", image.size());
    ObjectNode driver = json.putObject("GraphDriver");
    driver.set("Data", graphDriverData(image, layerPath));
    driver.put("Name", "overlay2");
    ObjectNode rootfs = json.putObject("RootFS").put("Type", "layers");
    if (!image.diffIds().isEmpty()) {
      rootfs.set("Layers", JsonReply.mapper().valueToTree(image.diffIds().stream().map(Digest::toString).toList()));
    }
    // The store does not record when a tag was last set; Go's zero time is what dockerd shows then.
    json.putObject("Metadata").put("LastTagTime", "0001-01-01T00:00:00Z");
    return json;
  }

  private static ObjectNode containerConfig(ImageConfig config) {
    ObjectNode given = JsonReply.mapper().valueToTree(config.config);
    ObjectNode json = JsonReply.object();
    for (String field : CONFIG_FIELDS) {
      JsonNode value = given.remove(field);
      if (value != null && !value.isNull()) {
        json.set(field, value);
      } else if (DEFAULTS.containsKey(field)) {
        json.set(field, JsonReply.mapper().valueToTree(DEFAULTS.get(field)));
      } else if (NULL_WHEN_ABSENT.contains(field)) {
        json.putNull(field);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> rest = given.fields(); rest.hasNext(); ) {
      Map.Entry<String, JsonNode> field = rest.next();
      json.set(field.getKey(), field.getValue());
    }
    return json;
  }

  /** overlay2's view of an image: the top layer as UpperDir, the ones below as LowerDir (top first). */
  private static ObjectNode graphDriverData(Image image, Function<Digest, Path> layerPath) {
    if (image.diffIds().isEmpty()) {
      return null;
    }
    List<Path> layers = new ArrayList<>(ChainIds.of(image.diffIds()).stream().map(layerPath).toList());
    Collections.reverse(layers);
    ObjectNode data = JsonReply.object();
    if (layers.size() > 1) {
      data.put("LowerDir", String.join(":", layers.subList(1, layers.size()).stream().map(Path::toString).toList()));
    }
    data.put("UpperDir", layers.get(0).toString());
    return data;
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
