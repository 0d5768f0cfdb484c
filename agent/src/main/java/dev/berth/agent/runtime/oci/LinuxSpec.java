package dev.berth.agent.runtime.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The {@code linux} object of an OCI runtime spec: namespaces, devices, cgroups, hidden paths. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSpec(List<Namespace> namespaces, List<Device> devices, String cgroupsPath, Resources resources,
    List<String> maskedPaths, List<String> readonlyPaths) {

  /** A namespace to create ({@code path} null) or to join ({@code path} of an {@code /proc/<pid>/ns/...} file). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Namespace(String type, String path) {}

  /** A device node created in the container's /dev. */
  public record Device(String type, String path, long major, long minor, int fileMode, long uid, long gid) {}

  /** A device cgroup rule; null major/minor mean any. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

  /** Cgroup limits; null parts are not limited. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {}

  /** Memory limit and memory+swap limit in bytes ({@code swap} -1: unlimited). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Memory(Long limit, Long swap) {}

  /** CPU shares (relative weight) and CFS quota per period (microseconds). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cpu(Long shares, Long quota, Long period) {}

  /** Most processes the container may have. */
  public record Pids(long limit) {}
}
