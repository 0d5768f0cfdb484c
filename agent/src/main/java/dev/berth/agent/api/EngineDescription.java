package dev.berth.agent.api;

import dev.berth.agent.AgentVersion;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the engine describes itself to Docker clients: names and version strings. */
final class EngineDescription {

  /** {@code Platform.Name} of {@code GET /version}. */
  static final String PLATFORM_NAME = "Berth Engine";

  private static final Pattern VERSION_NUMBER = Pattern.compile("v?(\\d+\\.\\d+(?:\\.\\d+)?[^\\s,]*)");

  private EngineDescription() {}

  /** The engine version: the agent's. */
  static String version() {
    return AgentVersion.current();
  }

  /** Docker's "GoVersion" field, which here names the Java runtime, e.g. {@code java17.0.15}. */
  static String runtimeVersion() {
    return "java" + System.getProperty("java.version");
  }

  /** The version number in a tool's version line, e.g. {@code 1.1.5} of "runc version 1.1.5". */
  static String versionNumber(String versionLine) {
    if (versionLine == null) {
      return "";
    }
    Matcher matcher = VERSION_NUMBER.matcher(versionLine);
    return matcher.find() ? matcher.group(1) : versionLine;
  }

  /** {@code uname -m} style machine name for a Docker architecture: amd64 → x86_64. */
  static String machine(String dockerArchitecture) {
    switch (dockerArchitecture.toLowerCase(Locale.ROOT)) {
      case "amd64":
        return "x86_64";
      case "arm64":
        return "aarch64";
      case "386":
        return "i686";
      default:
        return dockerArchitecture;
    }
  }

  /** Docker's name for a backing file system type: ext4 → extfs. */
  static String backingFilesystem(String type) {
    if (type == null) {
      return "unknown";
    }
    return type.matches("ext[234]") ? "extfs" : type;
  }
}
