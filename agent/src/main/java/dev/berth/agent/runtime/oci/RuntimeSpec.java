package dev.berth.agent.runtime.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An OCI runtime spec ({@code config.json} of a runc bundle), the parts Berth writes. Field
 * names are the spec's; absent (null) fields are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts,
    LinuxSpec linux) {
  /** The OCI runtime spec version written (runc 1.1 speaks 1.0.2). */
  public static final String VERSION = "1.0.2";

  /** The container's first process. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
      Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {}

  /** Who the process runs as. */
  public record User(long uid, long gid, List<Long> additionalGids) {}

  /** Capability sets by name ({@code CAP_CHOWN}…); a null set is left empty. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {}

  /** A resource limit, e.g. {@code RLIMIT_NOFILE}. */
  public record Rlimit(String type, long hard, long soft) {}

  /** The root filesystem (a path relative to the bundle, or absolute). */
  public record Root(String path, boolean readonly) {}

  /** A mount made in the container's mount namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mount(String destination, String type, String source, List<String> options) {}
}
