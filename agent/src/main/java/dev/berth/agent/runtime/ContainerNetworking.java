package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime asks of the host's networking through a container's life: files for its
 * {@code /etc} at create, its network plugged in after {@code runc create} made its namespace and
 * before {@code runc start}, unplugged when it exits or goes, and everything set right again from
 * the saved state when the agent starts.
 */
public interface ContainerNetworking {
  /** No networking: bridge containers get a namespace of their own with a loopback only, no files. */
  ContainerNetworking NONE = new ContainerNetworking() {};

  /** {@code spec} with what the network gives the container at create (its /etc/hosts, hostname, resolv.conf mounts). */
  default RuntimeSpec prepare(String id, Path containerDir, CreateOptions options, RuntimeSpec spec) throws IOException {
    return spec;
  }

  /**
   * {@code spec} with what the network gives the container's process each time it is made (legacy
   * links' variables); only asked of containers with links, before {@code runc create}.
   */
  default RuntimeSpec beforeProcess(Container container, Path containerDir, RuntimeSpec spec) throws IOException {
    return spec;
  }

  /** Plugs the created container (init {@code pid}, not started) into its network; on failure nothing is left. */
  default void connect(Container container, Path containerDir, long pid) throws IOException {}

  /** Unplugs the container: its rules, addresses and ports are freed; quiet when it is not plugged in. */
  default void disconnect(String id) {}

  /** Sets the host's network right for {@code containers} (all of them, as recovered) when the agent starts. */
  default void recover(List<Container> containers) throws IOException {}

  /** Lets go of what the agent's process holds for the network (sockets); the host's rules stay. */
  default void close() {}

  /** The container's place on its network while it runs. */
  default Optional<NetworkEndpoint> endpoint(String id) {
    return Optional.empty();
  }

  /** Every network {@code container} is on, by name, with its endpoint on each while it runs. */
  default List<NetworkAttachment> attachments(Container container) {
    return List.of();
  }
}
