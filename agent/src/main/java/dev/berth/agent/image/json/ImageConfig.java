package dev.berth.agent.image.json;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image config (OCI's, plus Docker's extra fields). The stored blob's bytes are the truth:
 * the image ID is their digest, so a loaded config is never re-serialised. This class reads
 * them, and writes new configs (import, build); fields it does not know are kept in
 * {@link #other} and written back, so a config derived from another loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ImageConfig {
  /** When the image was created, RFC 3339. */
  @JsonProperty("created") public String created;
  /** Who made it. */
  @JsonProperty("author") public String author;
  /** CPU architecture, e.g. amd64. */
  @JsonProperty("architecture") public String architecture;
  /** CPU variant, e.g. v8. */
  @JsonProperty("variant") public String variant;
  /** Operating system, e.g. linux. */
  @JsonProperty("os") public String os;
  /** Docker: the commit message (import --message, commit -m). */
  @JsonProperty("comment") public String comment;
  /** Docker: the parent image's id, for images made by the classic builder. */
  @JsonProperty("parent") public String parent;
  /** Docker: the version that made it. */
  @JsonProperty("docker_version") public String dockerVersion;
  /** How a container of this image runs. */
  @JsonProperty("config") public ContainerConfig config;
  /** The layers, as DiffIDs. */
  @JsonProperty("rootfs") public RootFs rootfs;
  /** One entry per step that made the image, empty layers included. */
  @JsonProperty("history") public List<History> history;

  private final Map<String, Object> other = new LinkedHashMap<>();

  /** Fields this class does not model, kept as they came. */
  @JsonAnyGetter
  public Map<String, Object> other() {
    return other;
  }

  /** Keeps a field this class does not model. */
  @JsonAnySetter
  public void other(String name, Object value) {
    other.put(name, value);
  }

  /** The layer DiffIDs, never null. */
  public List<String> diffIds() {
    return rootfs == null || rootfs.diffIds == null ? List.of() : rootfs.diffIds;
  }

  /** The history, never null. */
  public List<History> historyOrEmpty() {
    return history == null ? List.of() : history;
  }

  /** The container config, created when absent. */
  public ContainerConfig containerConfig() {
    if (config == null) {
      config = new ContainerConfig();
    }
    return config;
  }

  /** The {@code rootfs} object: {@code {"type":"layers","diff_ids":[...]}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class RootFs {
    /** Always "layers". */
    @JsonProperty("type") public String type = "layers";
    /** The layer DiffIDs, bottom first. */
    @JsonProperty("diff_ids") public List<String> diffIds = new ArrayList<>();
  }

  /** One history entry. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record History(
      @JsonProperty("created") String created,
      @JsonProperty("created_by") String createdBy,
      @JsonProperty("author") String author,
      @JsonProperty("comment") String comment,
      @JsonProperty("empty_layer") Boolean emptyLayer) {

    /** Whether this step made no layer. */
    public boolean isEmptyLayer() {
      return Boolean.TRUE.equals(emptyLayer);
    }
  }
}
