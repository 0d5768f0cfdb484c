package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The uid, gid and supplementary gids a container runs as, resolved from a user spec
 * ({@code name}, {@code uid}, {@code uid:gid}, {@code name:group}…) through the container's own
 * {@code /etc/passwd} and {@code /etc/group}, as runc's libcontainer/user does for Docker:
 * a name must exist; a number need not (its gid is then 0). Without an explicit group the user's
 * primary gid comes from passwd and the groups listing the user become supplementary gids.
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param additionalGids supplementary groups
 */
public record ContainerUser(long uid, long gid, List<Long> additionalGids) {
  private static final long MAX_ID = (1L << 31) - 1;

  /** Copies the list. */
  public ContainerUser {
    additionalGids = List.copyOf(additionalGids);
  }

  /** Resolves {@code spec} (null or empty: root) in the container whose root filesystem is {@code rootfs}. */
  public static ContainerUser resolve(Path rootfs, String spec) throws IOException {
    String userArg = spec == null ? "" : spec;
    String groupArg = "";
    int colon = userArg.indexOf(':');
    if (colon >= 0) {
      groupArg = userArg.substring(colon + 1);
      userArg = userArg.substring(0, colon);
    }
    List<String[]> passwd = entries(rootfs, "/etc/passwd", 7);
    String name = "";
    long uid = 0;
    long gid = 0;
    Optional<String[]> match = find(passwd, userArg.isEmpty() ? "0" : userArg);
    if (match.isPresent()) {
      name = match.get()[0];
      uid = number(match.get()[2], "uid in /etc/passwd");
      gid = number(match.get()[3], "gid in /etc/passwd");
    } else if (!userArg.isEmpty()) {
      uid = numericOr(userArg, "unable to find user " + userArg + ": no matching entries in passwd file");
    }
    List<Long> additional = new ArrayList<>();
    if (!groupArg.isEmpty() || !name.isEmpty()) {
      List<String[]> groups = entries(rootfs, "/etc/group", 4);
      if (!groupArg.isEmpty()) {
        Optional<String[]> group = find(groups, groupArg);
        gid = group.isPresent() ? number(group.get()[2], "gid in /etc/group")
            : numericOr(groupArg, "unable to find group " + groupArg + ": no matching entries in group file");
      } else {
        for (String[] group : groups) {
          if (List.of(group[3].split(",")).contains(name)) {
            additional.add(number(group[2], "gid in /etc/group"));
          }
        }
      }
    }
    return new ContainerUser(uid, gid, additional);
  }

  /** The entry with id {@code key} when it is a number, else the one named {@code key}. */
  private static Optional<String[]> find(List<String[]> entries, String key) {
    int column = isNumber(key) ? 2 : 0;
    return entries.stream().filter(entry -> entry[column].equals(key)).findFirst();
  }

  private static boolean isNumber(String value) {
    return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static List<String[]> entries(Path rootfs, String file, int fields) throws IOException {
    List<String[]> entries = new ArrayList<>();
    String text;
    try {
      text = Files.readString(RootfsPath.resolve(rootfs, file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      return entries;
    }
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split(":", -1);
      if (parts.length >= 3) {
        String[] entry = new String[fields];
        for (int i = 0; i < fields; i++) {
          entry[i] = i < parts.length ? parts[i] : "";
        }
        entries.add(entry);
      }
    }
    return entries;
  }

  private static long numericOr(String value, String error) {
    if (!isNumber(value)) {
      throw new IllegalArgumentException(error);
    }
    return number(value, "id " + value);
  }

  private static long number(String value, String what) {
    try {
      long id = Long.parseLong(value);
      if (id < 0 || id > MAX_ID) {
        throw new IllegalArgumentException(what + " out of range: " + value);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + what + ": " + value);
    }
  }
}
