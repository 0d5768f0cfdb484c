package dev.berth.agent.runtime.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code linux} object of an OCI runtime spec: namespaces, devices, cgroups, hidden paths and the seccomp
 * filter (null: none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSpec(List<Namespace> namespaces, List<Device> devices, String cgroupsPath, Resources resources,
    List<String> maskedPaths, List<String> readonlyPaths, Seccomp seccomp) {

  /** A seccomp filter: what a syscall not listed gets, the architectures it applies to, the rules. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
      List<Syscall> syscalls) {}

  /** The action for the syscalls {@code names} when every one of {@code args} matches. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Syscall(List<String> names, String action, Integer errnoRet, List<SyscallArg> args) {}

  /** A comparison of argument {@code index} with {@code value} (and {@code valueTwo} for masked ops). */
  public record SyscallArg(int index, long value, long valueTwo, String op) {}

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
