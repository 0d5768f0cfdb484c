package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Docker API request asks beyond an ordinary container, read from the body of
 * {@code POST /containers/create} (or of an exec create): the options that give a container the host
 * ({@code --privileged}, {@code --cap-add}, {@code --network host}, {@code --pid/--ipc/--uts/--userns/--cgroupns
 * host}, {@code --device}, a weakened {@code --security-opt}, binds of sensitive host paths) and the host paths
 * it binds. {@link Authorization#containerRefusal} decides who may ask for them.
 *
 * @param sensitive the options as a person would type them, e.g. {@code --cap-add SYS_ADMIN}, {@code -v /etc}
 * @param bindSources the host paths bound into the container, normalised
 */
public record ContainerPrivileges(List<String> sensitive, List<String> bindSources) {
  /**
   * Host paths a bind must not be, be under, or contain (so {@code /} and {@code /var} are sensitive too): the host's own configuration and kernel interfaces,
   * the runtime sockets (docker.sock and the agent's under /run, /var/run), the agent's data dir.
   */
  public static final List<String> SENSITIVE_PATHS = List.of("/etc", "/proc", "/sys", "/dev", "/boot", "/root",
      "/run", "/var/run", "/var/lib/berth", "/var/lib/docker", "/var/lib/containerd", "/usr", "/bin", "/sbin",
      "/lib", "/lib64");
  private static final List<String> NAMESPACE_MODES = List.of("PidMode", "IpcMode", "UTSMode", "UsernsMode",
      "CgroupnsMode");

  /** Nothing beyond an ordinary container. */
  public static final ContainerPrivileges NONE = new ContainerPrivileges(List.of(), List.of());

  /** What the body of {@code POST /containers/create} asks for. */
  public static ContainerPrivileges ofCreate(JsonNode body) {
    JsonNode host = body.path("HostConfig");
    List<String> sensitive = new ArrayList<>();
    if (host.path("Privileged").asBoolean()) {
      sensitive.add("--privileged");
    }
    host.path("CapAdd").forEach(cap -> sensitive.add("--cap-add " + cap.asText()));
    if (host.path("NetworkMode").asText("").equals("host")) {
      sensitive.add("--network host");
    }
    for (String mode : NAMESPACE_MODES) {
      if (host.path(mode).asText("").equals("host")) {
        sensitive.add("--" + mode.replace("Mode", "").toLowerCase() + " host");
      }
    }
    host.path("Devices").forEach(device -> sensitive.add("--device " + device.path("PathOnHost").asText()));
    host.path("DeviceCgroupRules").forEach(rule -> sensitive.add("--device-cgroup-rule " + rule.asText()));
    for (JsonNode option : host.path("SecurityOpt")) {
      String text = option.asText();
      if (!text.startsWith("no-new-privileges") && !text.matches("seccomp[=:]builtin")) {
        sensitive.add("--security-opt " + (text.length() > 40 ? text.substring(0, 40) + "…" : text));
      }
    }
    List<String> sources = new ArrayList<>();
    for (JsonNode bind : host.path("Binds")) {
      String source = bind.asText().split(":", 2)[0];
      if (source.startsWith("/")) {
        sources.add(normalise(source));
      }
    }
    for (JsonNode mount : host.path("Mounts")) {
      if (mount.path("Type").asText("").equals("bind")) {
        sources.add(normalise(mount.path("Source").asText("/")));
      }
    }
    sources.stream().filter(ContainerPrivileges::isSensitivePath).forEach(path -> sensitive.add("-v " + path));
    return new ContainerPrivileges(List.copyOf(sensitive), List.copyOf(sources));
  }

  /** What the body of {@code POST /containers/{id}/exec} asks for. */
  public static ContainerPrivileges ofExec(JsonNode body) {
    return body.path("Privileged").asBoolean() ? new ContainerPrivileges(List.of("exec --privileged"), List.of())
        : NONE;
  }

  /** Whether binding {@code path} would hand the container the host or Berth (it is, is under or holds one). */
  public static boolean isSensitivePath(String path) {
    return SENSITIVE_PATHS.stream().anyMatch(sensitive -> within(path, sensitive) || within(sensitive, path));
  }

  /** The binds outside every one of {@code prefixes}. */
  public List<String> bindsOutside(List<String> prefixes) {
    return bindSources.stream().filter(path -> prefixes.stream().noneMatch(prefix -> within(path, prefix))).toList();
  }

  /** Whether {@code path} is {@code prefix} or under it (whole path segments). */
  static boolean within(String path, String prefix) {
    return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /** {@code path} with {@code .}, {@code ..}, repeated and trailing slashes resolved, as the agent will see it. */
  public static String normalise(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }
}
