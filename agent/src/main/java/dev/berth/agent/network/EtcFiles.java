package dev.berth.agent.network;

import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.NetworkOptions;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf}, kept in its
 * directory ({@code hosts}, {@code hostname}, {@code resolv.conf}) and bind-mounted over the image's,
 * as Docker does. {@code hosts} is rewritten in place (the mount holds the file, not its name)
 * when the container gets its address at start and whenever a peer on its networks comes or goes.
 */
final class EtcFiles {
  private static final String LOCAL_HOSTS = String.join("\n",
      "127.0.0.1\tlocalhost",
      "::1\tlocalhost ip6-localhost ip6-loopback",
      "fe00::\tip6-localnet",
      "ff00::\tip6-mcastprefix",
      "ff02::1\tip6-allnodes",
      "ff02::2\tip6-allrouters") + "\n";

  private final ResolvConf resolvConf;

  EtcFiles(ResolvConf resolvConf) {
    this.resolvConf = resolvConf;
  }

  /** Checks {@code --add-host} entries ({@code name:ip}, {@code ip} may be {@code host-gateway}). */
  static void check(NetworkOptions options) {
    for (String entry : options.extraHosts()) {
      int colon = entry.indexOf(':');
      String ip = colon < 0 ? "" : entry.substring(colon + 1);
      if (colon <= 0 || !(ip.equals("host-gateway") || Ipv4.isValid(ip) || ip.matches("[0-9A-Fa-f:.]+:[0-9A-Fa-f:.]*"))) {
        throw new IllegalArgumentException("invalid IP address in add-host: \"" + ip + "\"");
      }
    }
  }

  /** Writes the three files into {@code dir} (no address yet) and returns {@code spec} with their mounts. */
  RuntimeSpec prepare(Path dir, CreateOptions options, RuntimeSpec spec, String gateway) throws IOException {
    boolean host = options.networkMode().equals("host");
    Files.writeString(dir.resolve("hostname"), spec.hostname() + "\n");
    Files.writeString(dir.resolve("resolv.conf"), resolvConf.forContainer(options.network(), host));
    writeHosts(dir, options, spec.hostname(), null, gateway, List.of());
    List<RuntimeSpec.Mount> mounts = new ArrayList<>(spec.mounts());
    for (String name : List.of("resolv.conf", "hostname", "hosts")) {
      mounts.add(new RuntimeSpec.Mount("/etc/" + name, "bind", dir.resolve(name).toString(), List.of("rbind", "rprivate")));
    }
    return new RuntimeSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), mounts, spec.linux());
  }

  /**
   * Rewrites {@code hosts} in place: localhost, the host's own entries with host networking,
   * {@code --add-host}, {@code others} (links' and network peers' lines), then its address.
   */
  void writeHosts(Path dir, CreateOptions options, String hostname, String ip, String gateway, List<String> others)
      throws IOException {
    StringBuilder hosts = new StringBuilder();
    if (options.networkMode().equals("host")) {
      hosts.append(Files.readString(Path.of("/etc/hosts")));
      if (hosts.length() > 0 && hosts.charAt(hosts.length() - 1) != '\n') {
        hosts.append('\n');
      }
    } else {
      hosts.append(LOCAL_HOSTS);
    }
    for (String entry : options.network().extraHosts()) {
      int colon = entry.indexOf(':');
      String address = entry.substring(colon + 1);
      hosts.append(address.equals("host-gateway") ? gateway : address).append('\t').append(entry, 0, colon).append('\n');
    }
    others.forEach(line -> hosts.append(line).append('\n'));
    if (ip != null) {
      hosts.append(ip).append('\t').append(hostname).append('\n');
    }
    rewriteInPlace(dir.resolve("hosts"), hosts.toString().getBytes(StandardCharsets.UTF_8));
  }

  // The same inode (a rename would leave the container's bind mount on the old file), written over
  // from the start and then cut to length, so a reader never finds it empty, as a truncate-then-write would show it
  private static void rewriteInPlace(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer, buffer.position());
      }
      channel.truncate(content.length);
    }
  }
}
