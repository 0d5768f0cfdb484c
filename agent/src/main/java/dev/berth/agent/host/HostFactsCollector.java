package dev.berth.agent.host;

import dev.berth.agent.AgentVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@link HostFacts} from the running host: /proc, /sys, /etc/os-release and the host tools.
 * Never throws: whatever cannot be read is reported as unknown (null, 0 or -1).
 */
public final class HostFactsCollector {

  private final Path dataDir;
  private final Path root;
  private final ToolVersionProbe tools;

  /** Returns a collector for this host, measuring disk space where {@code dataDir} lives. */
  public HostFactsCollector(Path dataDir) {
    this(dataDir, Path.of("/"), new ToolVersionProbe());
  }

  /** Returns a collector reading /proc, /sys and /etc below {@code root} (a test fixture tree). */
  HostFactsCollector(Path dataDir, Path root, ToolVersionProbe tools) {
    this.dataDir = dataDir.toAbsolutePath();
    this.root = root;
    this.tools = tools;
  }

  /** Collects the facts now. */
  public HostFacts collect() {
    Optional<FileStore> disk = dataFileStore();
    return new HostFacts(
        hostname(),
        readFirstLine("proc/sys/kernel/osrelease").orElse(System.getProperty("os.version")),
        operatingSystem(),
        dockerArchitecture(System.getProperty("os.arch")),
        Runtime.getRuntime().availableProcessors(),
        memoryTotalBytes(),
        Files.exists(root.resolve("sys/fs/cgroup/cgroup.controllers")) ? 2 : 1,
        tools.firstLine("runc").orElse(null),
        tools.firstLine("conmon").orElse(null),
        tools.firstLine("iptables").orElse(null),
        disk.map(HostFactsCollector::totalSpace).orElse(-1L),
        disk.map(HostFactsCollector::usableSpace).orElse(-1L),
        disk.map(FileStore::type).orElse(null),
        AgentVersion.current(),
        bootTime().orElse(null));
  }

  /** Maps a JVM {@code os.arch} to the GOARCH name Docker uses. */
  public static String dockerArchitecture(String jvmArch) {
    switch (jvmArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
      case "arm64":
        return "arm64";
      case "x86":
      case "i386":
      case "i686":
        return "386";
      default:
        return jvmArch;
    }
  }

  private String hostname() {
    return readFirstLine("proc/sys/kernel/hostname").orElseGet(() -> {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "localhost";
      }
    });
  }

  private String operatingSystem() {
    for (String candidate : List.of("etc/os-release", "usr/lib/os-release")) {
      for (String line : readLines(candidate)) {
        if (line.startsWith("PRETTY_NAME=")) {
          return unquote(line.substring("PRETTY_NAME=".length()));
        }
      }
    }
    return "Linux";
  }

  private long memoryTotalBytes() {
    try {
      return HostMemory.totalBytes(root.resolve("proc/meminfo"));
    } catch (IOException | SecurityException e) {
      return -1;
    }
  }

  private Optional<String> bootTime() {
    for (String line : readLines("proc/stat")) {
      if (line.startsWith("btime ")) {
        try {
          return Optional.of(Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim())).toString());
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The file system of the data dir, or of its nearest existing parent. */
  private Optional<FileStore> dataFileStore() {
    Path existing = dataDir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      return Optional.of(Files.getFileStore(existing == null ? Path.of("/") : existing));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static long totalSpace(FileStore store) {
    try {
      return store.getTotalSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  private static long usableSpace(FileStore store) {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  private Optional<String> readFirstLine(String relative) {
    return readLines(relative).stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  private List<String> readLines(String relative) {
    try {
      return Files.readAllLines(root.resolve(relative));
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }

  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'")) && v.endsWith(v.substring(0, 1))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
