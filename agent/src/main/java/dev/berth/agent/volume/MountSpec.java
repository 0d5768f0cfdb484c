package dev.berth.agent.volume;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One {@code HostConfig.Mounts} entry ({@code --mount type=bind|volume|tmpfs,source=,target=,readonly,
 * volume-opt=,volume-nocopy}), in the Docker API's own JSON shape, kept as given for inspect.
 *
 * @param type {@code bind}, {@code volume} or {@code tmpfs}
 * @param source the host path (bind), the volume name (volume; empty: anonymous), nothing (tmpfs)
 * @param target the path in the container
 * @param readOnly mounted read-only
 * @param bindOptions bind options (propagation), or null
 * @param volumeOptions volume options (nocopy, labels, driver options for a new volume), or null
 * @param tmpfsOptions tmpfs options (size, mode), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountSpec(@JsonProperty("Type") String type, @JsonProperty("Source") String source,
    @JsonProperty("Target") String target, @JsonProperty("ReadOnly") boolean readOnly,
    @JsonProperty("BindOptions") BindOptions bindOptions, @JsonProperty("VolumeOptions") VolumeOptions volumeOptions,
    @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions) {

  /** {@code BindOptions}: the propagation ({@code rprivate} when empty). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BindOptions(@JsonProperty("Propagation") String propagation) {}

  /** {@code VolumeOptions}: no copy-up, labels and driver options for a volume made here. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VolumeOptions(@JsonProperty("NoCopy") boolean noCopy, @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("DriverConfig") DriverConfig driverConfig) {}

  /** {@code DriverConfig}: the driver's name and options. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DriverConfig(@JsonProperty("Name") String name, @JsonProperty("Options") Map<String, String> options) {}

  /** {@code TmpfsOptions}: the size in bytes (0: none) and the mode (0: default). */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TmpfsOptions(@JsonProperty("SizeBytes") long sizeBytes, @JsonProperty("Mode") int mode) {}
}
