package dev.berth.agent.volume;

import dev.berth.agent.host.HostCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local driver's options ({@code docker volume create -o type=tmpfs -o device=tmpfs -o o=size=1m}):
 * with a {@code type} or {@code device}, the volume's {@code _data} is a mount of that device,
 * made when a container first uses it and undone when none does any more (see {@link VolumeMounts}).
 *
 * @param type the file system type ({@code tmpfs}, {@code none} with {@code o=bind}, {@code nfs}…); null: none
 * @param device what to mount ({@code tmpfs}, a host directory for binds, a block device…); null: none
 * @param mountOptions the mount options ({@code o}); null: none
 */
public record LocalDriverOptions(String type, String device, String mountOptions) {
  private static final Set<String> KEYS = Set.of("type", "device", "o", "size");

  /** The options of {@code given} (may be null), checked as dockerd checks them. */
  public static LocalDriverOptions of(Map<String, String> given) {
    Map<String, String> options = given == null ? Map.of() : given;
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("invalid option: \"" + key + "\"");
      }
    }
    if (options.containsKey("size")) {
      throw new IllegalArgumentException("quota size requested but no quota support");
    }
    LocalDriverOptions parsed = new LocalDriverOptions(blankToNull(options.get("type")), blankToNull(options.get("device")),
        blankToNull(options.get("o")));
    if (parsed.type != null && parsed.device == null) {
      throw new IllegalArgumentException("missing required option: \"device\"");
    }
    return parsed;
  }

  /** Whether the volume is a mount of its own (a type or a device given). */
  public boolean needsMount() {
    return type != null || device != null;
  }

  /** Mounts the device on {@code target} as {@code mount -t type -o o device target}. */
  void mount(Path target) throws IOException {
    List<String> argv = new ArrayList<>(List.of("mount"));
    if (type != null && !type.equals("bind")) {
      argv.addAll(List.of("-t", type));
    }
    String options = type != null && type.equals("bind") ? join("bind", mountOptions) : mountOptions;
    if (options != null) {
      argv.addAll(List.of("-o", options));
    }
    argv.add(device == null ? "none" : device);
    argv.add(target.toString());
    try {
      HostCommand.run(target.getParent(), argv);
    } catch (IOException e) {
      throw new IOException("error while mounting volume '" + target + "': " + e.getMessage(), e);
    }
  }

  private static String join(String first, String rest) {
    return rest == null ? first : first + "," + rest;
  }

  private static String blankToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
