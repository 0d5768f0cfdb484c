package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.RuntimeSpec;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One container's directory, which is also its runc bundle.
 *
 * <pre>
 * containers/&lt;id&gt;/
 * ├── state.json       the {@link Container} record, written atomically; without it the directory
 * │                    is a half-made container (removed at start)
 * ├── config.json      the OCI runtime spec
 * ├── rootfs/          the overlay mount of snapshot &lt;id&gt; (image layers under the container layer)
 * ├── container.log    conmon's k8s-file log: "&lt;RFC3339Nano&gt; stdout|stderr F|P &lt;text&gt;"
 * ├── exits/&lt;id&gt;       the exit code, written by conmon when the process ends
 * ├── init.pid         the container's init pid (host pid namespace)
 * ├── conmon.pid       conmon's pid
 * ├── conmon.out       what conmon's first process printed
 * ├── sync.fifo        conmon's sync pipe, while it creates the container
 * ├── health.json      its {@link Health} (status, failing streak, last results), written atomically
 * ├── health-check.*   one health check's runc process spec (.json), pid (.pid) and output (.out)
 * ├── update.json      the OCI resources handed to runc update, while it runs
 * ├── hosts, hostname, resolv.conf   its generated /etc files, bind-mounted (network.EtcFiles)
 * └── attach, ctl, winsz   conmon's attach socket and control FIFOs
 * </pre>
 */
public record ContainerDirectory(Path dir) {
  /** The directory of container {@code id} under {@code containersDir}. */
  public static ContainerDirectory of(Path containersDir, String id) {
    return new ContainerDirectory(containersDir.resolve(ContainerId.check(id)));
  }

  /** The container's id (the directory's name). */
  public String id() {
    return dir.getFileName().toString();
  }

  /** The container record. */
  public Path stateFile() {
    return dir.resolve("state.json");
  }

  /** The runtime spec. */
  public Path specFile() {
    return dir.resolve("config.json");
  }

  /** Where the root filesystem is mounted. */
  public Path rootfs() {
    return dir.resolve("rootfs");
  }

  /** conmon's log. */
  public Path logFile() {
    return dir.resolve("container.log");
  }

  /** Where conmon writes the exit file. */
  public Path exitDir() {
    return dir.resolve("exits");
  }

  /** The file holding the container's init pid. */
  public Path initPidFile() {
    return dir.resolve("init.pid");
  }

  /** The file holding conmon's pid. */
  public Path conmonPidFile() {
    return dir.resolve("conmon.pid");
  }

  /** What conmon's first process printed. */
  public Path conmonOutput() {
    return dir.resolve("conmon.out");
  }

  /** The container's health, when it has health checks and was started. */
  public Path healthFile() {
    return dir.resolve("health.json");
  }

  /** A health check's file with {@code suffix} ({@code json}: its process spec, {@code pid}, {@code out}). */
  public Path healthCheckFile(String suffix) {
    return dir.resolve("health-check." + suffix);
  }

  /** The resources file of a {@code runc update}. */
  public Path resourcesUpdateFile() {
    return dir.resolve("update.json");
  }

  /** Reads the record; empty when it was never written. */
  public Optional<Container> readState() throws IOException {
    Optional<byte[]> bytes = AtomicFiles.readIfExists(stateFile());
    return bytes.isEmpty() ? Optional.empty() : Optional.of(ContainerJson.mapper().readValue(bytes.get(), Container.class));
  }

  /** Replaces the record atomically. */
  public void writeState(Container container) throws IOException {
    AtomicFiles.write(stateFile(), ContainerJson.mapper().writeValueAsBytes(container),
        PosixFilePermissions.fromString("rw-------"));
  }

  /** Writes the runtime spec. */
  public void writeSpec(RuntimeSpec spec) throws IOException {
    AtomicFiles.write(specFile(), ContainerJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec),
        PosixFilePermissions.fromString("rw-------"));
  }

  /** The exit code conmon recorded (128+n for signal n), if the process has ended. */
  public OptionalInt exitCode() throws IOException {
    Optional<byte[]> bytes = AtomicFiles.readIfExists(exitDir().resolve(id()));
    if (bytes.isEmpty() || new String(bytes.get()).isBlank()) {
      return OptionalInt.empty(); // conmon creates the file, then writes it
    }
    return OptionalInt.of(Integer.parseInt(new String(bytes.get()).trim()));
  }

  /** When conmon wrote the exit file. */
  public Instant exitTime() throws IOException {
    return Files.getLastModifiedTime(exitDir().resolve(id())).toInstant();
  }

  /** Forgets the last exit, before the container runs again. */
  public void clearExit() throws IOException {
    Files.deleteIfExists(exitDir().resolve(id()));
  }

  /** A pid from one of conmon's pid files; 0 when absent. */
  static long readPid(Path file) throws IOException {
    Optional<byte[]> bytes = AtomicFiles.readIfExists(file);
    return bytes.isEmpty() || new String(bytes.get()).isBlank() ? 0 : Long.parseLong(new String(bytes.get()).trim());
  }
}
