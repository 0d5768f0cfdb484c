package dev.berth.agent.image.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import dev.berth.agent.image.json.ImageJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker-archive format ({@code docker save}, {@code podman save --format docker-archive}),
 * driven by {@code manifest.json}. Layouts met in the wild, all read through manifest.json:
 *
 * <pre>
 * Docker &lt; 25, podman:                Docker 25+ (also an OCI layout):
 *   &lt;config hex&gt;.json                    blobs/sha256/&lt;hex&gt;     configs, layer tars, manifests
 *   &lt;diffid hex&gt;.tar  (podman)           index.json, oci-layout
 *   &lt;v1 id&gt;/layer.tar (may be a symlink)   manifest.json
 *   &lt;v1 id&gt;/json, &lt;v1 id&gt;/VERSION          repositories
 *   manifest.json, repositories
 * manifest.json: [{"Config": "…", "RepoTags": ["busybox:latest"], "Layers": ["…", …]}]
 * </pre>
 */
public final class DockerArchiveFormat {
  /** The file that makes an archive a docker-archive. */
  public static final String MANIFEST = "manifest.json";
  private static final Pattern BLOB = Pattern.compile("blobs/sha256/([a-f0-9]{64})");

  private DockerArchiveFormat() {}

  /** One entry of manifest.json. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  /** The images listed in the spool's manifest.json. */
  public static List<ArchivedImage> read(ArchiveSpool spool) throws IOException {
    List<Entry> entries;
    try {
      entries = ImageJson.mapper().readValue(spool.read(MANIFEST), new TypeReference<List<Entry>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("invalid manifest.json in image archive: " + e.getOriginalMessage());
    }
    List<ArchivedImage> images = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.config() == null || entry.layers() == null) {
        throw new IOException("invalid manifest.json in image archive: entry without Config or Layers");
      }
      List<ArchivedImage.ArchivedLayer> layers = new ArrayList<>();
      for (String layer : entry.layers()) {
        layers.add(new ArchivedImage.ArchivedLayer(layer, blobDigest(layer), -1));
      }
      List<Reference> tags = new ArrayList<>();
      for (String tag : entry.repoTags() == null ? List.<String>of() : entry.repoTags()) {
        try {
          tags.add(Reference.parse(tag).withDefaultTag());
        } catch (InvalidReferenceException e) {
          throw new IOException("invalid tag " + tag + " in image archive: " + e.getMessage());
        }
      }
      images.add(new ArchivedImage(entry.config(), blobDigest(entry.config()), layers, tags));
    }
    return images;
  }

  private static Digest blobDigest(String name) {
    Matcher blob = BLOB.matcher(name);
    return blob.matches() ? new Digest("sha256", blob.group(1)) : null;
  }
}
