package dev.berth.agent.api.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.containerfs.PathStat;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code X-Docker-Container-Path-Stat} header of the archive endpoints: base64 of the JSON
 * {@code {"name","size","mode","mtime","linkTarget"}}, the mode in Go's {@code os.FileMode} bits
 * (type flags high, permissions low), which is what the docker CLI decodes.
 */
final class PathStatHeader {
  /** The header's name. */
  static final String NAME = "X-Docker-Container-Path-Stat";

  private static final long GO_DIR = 1L << 31;
  private static final long GO_SYMLINK = 1L << 27;
  private static final long GO_DEVICE = 1L << 26;
  private static final long GO_NAMED_PIPE = 1L << 25;
  private static final long GO_SOCKET = 1L << 24;
  private static final long GO_SETUID = 1L << 23;
  private static final long GO_SETGID = 1L << 22;
  private static final long GO_CHAR_DEVICE = 1L << 21;
  private static final long GO_STICKY = 1L << 20;

  private PathStatHeader() {}

  /** The header, ready to send. */
  static Map<String, List<String>> of(PathStat stat) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", stat.name());
    json.put("size", stat.size());
    json.put("mode", goFileMode(stat.mode()));
    json.put("mtime", DockerTime.rfc3339Nano(stat.modified()));
    json.put("linkTarget", stat.linkTarget());
    try {
      return Map.of(NAME, List.of(Base64.getEncoder().encodeToString(JsonReply.mapper().writeValueAsBytes(json))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Go's {@code os.FileMode} for a unix {@code st_mode}. */
  static long goFileMode(int mode) {
    long go = mode & 0777;
    go |= switch (mode & 0170000) {
      case 0040000 -> GO_DIR;
      case 0120000 -> GO_SYMLINK;
      case 0060000 -> GO_DEVICE;
      case 0020000 -> GO_DEVICE | GO_CHAR_DEVICE;
      case 0010000 -> GO_NAMED_PIPE;
      case 0140000 -> GO_SOCKET;
      default -> 0;
    };
    if ((mode & 04000) != 0) {
      go |= GO_SETUID;
    }
    if ((mode & 02000) != 0) {
      go |= GO_SETGID;
    }
    if ((mode & 01000) != 0) {
      go |= GO_STICKY;
    }
    return go;
  }
}
