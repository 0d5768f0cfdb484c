package dev.berth.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.runtime.oci.LinuxSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seccomp profile in Docker's format ({@code docker run --security-opt seccomp=profile.json}): a default
 * action, the architectures (or an arch map: native architecture to its sub-architectures) and rules whose
 * {@code includes}/{@code excludes} filters depend on the container's capabilities, the architecture and the
 * kernel. {@link #resolve} turns it into the OCI spec's {@code linux.seccomp} for one container, as dockerd
 * does; {@link DockerSeccompProfile} is Docker's default profile written as such data.
 */
public final class SeccompProfile {
  /** The option value that turns seccomp off. */
  public static final String UNCONFINED = "unconfined";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
      "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
  private static final Set<String> OPS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
      "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

  /**
   * When a rule applies: every capability in {@code caps}, one of {@code arches} (Go names: amd64, arm64…),
   * a kernel at least {@code minKernel} ({@code major.minor}); empty parts don't restrict.
   */
  public record Filter(List<String> caps, List<String> arches, String minKernel) {
    /** A filter that restricts nothing. */
    public static final Filter ANY = new Filter(List.of(), List.of(), null);

    /** Only with all of {@code caps}. */
    public static Filter caps(String... caps) {
      return new Filter(List.of(caps), List.of(), null);
    }

    /** Only on one of {@code arches}. */
    public static Filter arches(String... arches) {
      return new Filter(List.of(), List.of(arches), null);
    }

    private boolean isEmpty() {
      return caps.isEmpty() && arches.isEmpty() && minKernel == null;
    }
  }

  /** {@code action} for {@code names} when {@code args} match, kept when {@code includes} hold and {@code excludes} don't. */
  public record Rule(List<String> names, String action, Integer errnoRet, List<LinuxSpec.SyscallArg> args,
      Filter includes, Filter excludes) {}

  private final String defaultAction;
  private final Integer defaultErrnoRet;
  private final List<String> architectures;
  private final Map<String, List<String>> archMap;
  private final List<Rule> rules;

  /** A profile; {@code architectures} empty when {@code archMap} gives them per native architecture. */
  public SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
      Map<String, List<String>> archMap, List<Rule> rules) {
    if (!architectures.isEmpty() && !archMap.isEmpty()) {
      throw new IllegalArgumentException("'architectures' and 'archMap' were specified in the seccomp profile, "
          + "use either 'architectures' or 'archMap'");
    }
    this.defaultAction = action(defaultAction);
    this.defaultErrnoRet = defaultErrnoRet;
    this.architectures = List.copyOf(architectures);
    this.archMap = Map.copyOf(archMap);
    this.rules = List.copyOf(rules);
  }

  /**
   * The {@code linux.seccomp} of a container with capabilities {@code caps} under the option {@code option}
   * (null: Docker's default profile; {@code unconfined}; or a profile's JSON); null when unconfined or
   * privileged, as with dockerd.
   */
  public static LinuxSpec.Seccomp forContainer(boolean privileged, String option, List<String> caps) {
    if (privileged || UNCONFINED.equals(option)) {
      return null;
    }
    SeccompProfile profile = option == null ? DockerSeccompProfile.get() : parse(option);
    return profile.resolve(caps, hostArch(), System.getProperty("os.version"));
  }

  /** The profile {@code json} (Docker's format), checked; IllegalArgumentException when it is not one. */
  public static SeccompProfile parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Decoding seccomp profile failed: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Decoding seccomp profile failed: not a JSON object");
    }
    Map<String, List<String>> archMap = new LinkedHashMap<>();
    root.path("archMap").forEach(entry -> archMap.put(entry.path("architecture").asText(),
        strings(entry.get("subArchitectures"))));
    List<Rule> rules = new ArrayList<>();
    for (JsonNode syscall : root.path("syscalls")) {
      List<String> names = new ArrayList<>(strings(syscall.get("names")));
      if (syscall.hasNonNull("name")) {
        names.add(syscall.get("name").asText());
      }
      List<LinuxSpec.SyscallArg> args = new ArrayList<>();
      for (JsonNode arg : syscall.path("args")) {
        String op = arg.path("op").asText();
        if (!OPS.contains(op)) {
          throw new IllegalArgumentException("Decoding seccomp profile failed: unknown operator " + op);
        }
        args.add(new LinuxSpec.SyscallArg(arg.path("index").asInt(), arg.path("value").asLong(),
            arg.path("valueTwo").asLong(), op));
      }
      rules.add(new Rule(names, action(syscall.path("action").asText()),
          syscall.hasNonNull("errnoRet") ? syscall.get("errnoRet").asInt() : null, args,
          filter(syscall.get("includes")), filter(syscall.get("excludes"))));
    }
    return new SeccompProfile(root.path("defaultAction").asText(),
        root.hasNonNull("defaultErrnoRet") ? root.get("defaultErrnoRet").asInt() : null,
        strings(root.get("architectures")), archMap, rules);
  }

  /** This profile for a container with {@code caps} on {@code arch} (Go name) under kernel {@code kernel}. */
  public LinuxSpec.Seccomp resolve(List<String> caps, String arch, String kernel) {
    List<String> arches = new ArrayList<>(architectures);
    String native_ = nativeArchitecture(arch);
    if (archMap.containsKey(native_)) {
      arches.add(native_);
      arches.addAll(archMap.get(native_));
    }
    List<LinuxSpec.Syscall> syscalls = new ArrayList<>();
    for (Rule rule : rules) {
      if (holds(rule.includes(), caps, arch, kernel) && (rule.excludes().isEmpty()
          || !matchesAny(rule.excludes(), caps, arch, kernel))) {
        syscalls.add(new LinuxSpec.Syscall(rule.names(), rule.action(), rule.errnoRet(),
            rule.args().isEmpty() ? null : rule.args()));
      }
    }
    return new LinuxSpec.Seccomp(defaultAction, defaultErrnoRet, arches, syscalls);
  }

  // includes: every part given must hold
  private static boolean holds(Filter filter, List<String> caps, String arch, String kernel) {
    return caps.containsAll(filter.caps()) && (filter.arches().isEmpty() || filter.arches().contains(arch))
        && (filter.minKernel() == null || atLeast(kernel, filter.minKernel()));
  }

  // excludes: any part that matches drops the rule
  private static boolean matchesAny(Filter filter, List<String> caps, String arch, String kernel) {
    return filter.caps().stream().anyMatch(caps::contains) || filter.arches().contains(arch)
        || (filter.minKernel() != null && atLeast(kernel, filter.minKernel()));
  }

  static boolean atLeast(String kernel, String minimum) {
    int[] have = version(kernel);
    int[] want = version(minimum);
    return have[0] != want[0] ? have[0] > want[0] : have[1] >= want[1];
  }

  private static int[] version(String text) {
    String[] parts = text.split("[.-]");
    try {
      return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid kernel version: " + text);
    }
  }

  /** The Go name of this machine's architecture ({@code amd64}, {@code arm64}…), as Docker's profiles use. */
  static String hostArch() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      case "s390x" -> "s390x";
      case "ppc64le" -> "ppc64le";
      case "riscv64" -> "riscv64";
      default -> System.getProperty("os.arch");
    };
  }

  private static String nativeArchitecture(String arch) {
    return switch (arch) {
      case "amd64" -> "SCMP_ARCH_X86_64";
      case "arm64" -> "SCMP_ARCH_AARCH64";
      case "386" -> "SCMP_ARCH_X86";
      case "s390x" -> "SCMP_ARCH_S390X";
      case "ppc64le" -> "SCMP_ARCH_PPC64LE";
      case "riscv64" -> "SCMP_ARCH_RISCV64";
      default -> "SCMP_ARCH_" + arch.toUpperCase();
    };
  }

  private static String action(String action) {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("Decoding seccomp profile failed: unknown action " + action);
    }
    return action;
  }

  private static Filter filter(JsonNode node) {
    if (node == null || node.isNull()) {
      return Filter.ANY;
    }
    String minKernel = node.hasNonNull("minKernel") ? node.get("minKernel").asText() : null;
    if (minKernel != null) {
      version(minKernel);
    }
    return new Filter(strings(node.get("caps")), strings(node.get("arches")), minKernel);
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node != null) {
      node.forEach(value -> values.add(value.asText()));
    }
    return values;
  }
}
