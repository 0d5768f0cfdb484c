package dev.berth.agent.network;

import dev.berth.util.Log;
import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.System.Logger.Level;

/**
 * Published ports on the host's IPv6 addresses ({@code -p [::1]:8080:80}, and the {@code [::]}
 * half of {@code -p 8080:80}), forwarded to the container's IPv4 address by a small proxy in the
 * agent, as dockerd without {@code --ipv6} forwards them with its docker-proxy.
 *
 * <p>Why not in the kernel like IPv4: ip6tables DNAT can only go to an IPv6 address (netfilter has
 * no NAT64), so the kernel path would need every container to have an IPv6 (ULA) address on the
 * bridge and its server to listen on IPv6. A server bound to {@code 0.0.0.0} only (nginx's plain
 * {@code listen 80}, most {@code bind("0.0.0.0", …)}) would then refuse what dockerd delivers to
 * it; and {@code ::1} cannot be DNAT'ed off the loopback (IPv6 has no {@code route_localnet}). The
 * proxy reaches the container's IPv4 address as every IPv4 client does. The price: IPv6 clients'
 * bytes are copied through the agent (IPv4, the common path, stays in the kernel), and IPv6 ports
 * pause while the agent is down — {@link NatRules#reset} opens them again from the saved
 * allocations when it starts. No ip6tables rule is made.
 *
 * <p>The listening sockets also hold the ports, so no process of the host can take them meanwhile.
 */
final class Ipv6PortProxies {
  private static final System.Logger LOG = Log.of(Ipv6PortProxies.class);
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int UDP_IDLE_MS = 60_000;

  private final Map<String, Closeable> open = new ConcurrentHashMap<>();

  /** Whether the host has IPv6: the kernel's IPv6 on, not disabled, with {@code ::1} on the loopback. */
  static boolean hostHasIpv6() {
    try {
      Path addresses = Path.of("/proc/net/if_inet6");
      Path disabled = Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6");
      return Files.exists(addresses) && Files.readString(disabled).trim().equals("0")
          && Files.readString(addresses).contains("00000000000000000000000000000001");
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether host address {@code hostIp} is an IPv6 one ({@code ::}, {@code ::1}, …). */
  static boolean isIpv6(String hostIp) {
    return hostIp.contains(":");
  }

  /** Whether {@code text} is an IPv6 address literal. */
  static boolean isValid(String text) {
    if (!isIpv6(text) || !text.matches("[0-9a-fA-F:.]+(%[A-Za-z0-9_.-]+)?")) {
      return false;
    }
    try {
      return InetAddress.getByName(text) instanceof Inet6Address; // a literal: no name lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Listens on {@code port}'s host side and forwards to {@code containerIp}; quiet when it is open already. */
  void open(String containerIp, PublishedPort port) throws IOException {
    String key = key(port);
    if (open.containsKey(key)) {
      return;
    }
    InetSocketAddress listen = new InetSocketAddress(InetAddress.getByName(port.hostIp()), port.hostPort());
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(containerIp), port.containerPort());
    try {
      open.put(key, port.protocol().equals("udp") ? new UdpForward(listen, target) : new TcpForward(listen, target));
    } catch (IOException e) {
      throw new PortInUseException("failed to bind host port for [" + port.hostIp() + "]:" + port.hostPort() + ":"
          + containerIp + ":" + port.containerPort() + "/" + port.protocol() + ": " + e.getMessage());
    }
  }

  /** Stops listening on {@code port}'s host side and ends its connections. */
  void close(PublishedPort port) {
    Closeable forward = open.remove(key(port));
    if (forward != null) {
      quietly(forward);
    }
  }

  /** Stops every proxy (agent shutdown, reset). */
  void closeAll() {
    for (String key : Set.copyOf(open.keySet())) {
      Closeable forward = open.remove(key);
      if (forward != null) {
        quietly(forward);
      }
    }
  }

  private static String key(PublishedPort port) {
    return port.protocol() + " [" + port.hostIp() + "]:" + port.hostPort();
  }

  private static void quietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // gone already
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  // A TCP listener: each connection gets one to the container, and two threads copying both ways.
  private static final class TcpForward implements Closeable {
    private final ServerSocket server = new ServerSocket();
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    TcpForward(InetSocketAddress listen, InetSocketAddress target) throws IOException {
      this.target = target;
      server.setReuseAddress(true);
      try {
        server.bind(listen, 128);
      } catch (IOException e) {
        server.close();
        throw e;
      }
      daemon("ipv6-proxy tcp " + listen, this::accept);
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          if (client.getLocalAddress() instanceof Inet4Address) {
            client.close(); // [::] is dual-stack in Java; IPv4 is the kernel's (DNAT)
            continue;
          }
          sockets.add(client);
          daemon("ipv6-proxy tcp " + client.getRemoteSocketAddress(), () -> forward(client));
        } catch (IOException e) {
          if (!server.isClosed()) {
            LOG.log(Level.DEBUG, "accept on " + server.getLocalSocketAddress() + " failed", e);
          }
        }
      }
    }

    private void forward(Socket client) {
      Socket upstream = new Socket();
      sockets.add(upstream);
      try {
        upstream.connect(target, CONNECT_TIMEOUT_MS);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        end(client, upstream);
        return;
      }
      AtomicInteger directions = new AtomicInteger(2);
      daemon("ipv6-proxy tcp " + target, () -> copy(upstream, client, directions));
      copy(client, upstream, directions);
    }

    // Copies until end of stream, passes the half-close on; the last direction to end closes both.
    private void copy(Socket from, Socket to, AtomicInteger directions) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
        to.shutdownOutput();
      } catch (IOException e) {
        end(from, to);
      }
      if (directions.decrementAndGet() == 0) {
        end(from, to);
      }
    }

    private void end(Socket... ends) {
      for (Socket socket : ends) {
        sockets.remove(socket);
        quietly(socket);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      sockets.forEach(Ipv6PortProxies::quietly);
    }
  }

  // A UDP listener: each client address gets a socket of its own towards the container, whose
  // replies go back to that client; it is let go after a minute without replies.
  private static final class UdpForward implements Closeable {
    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();

    UdpForward(InetSocketAddress listen, InetSocketAddress target) throws IOException {
      this.target = target;
      this.socket = new DatagramSocket(null);
      try {
        socket.bind(listen);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
      daemon("ipv6-proxy udp " + listen, this::receive);
    }

    private void receive() {
      byte[] buffer = new byte[65_535];
      while (!socket.isClosed()) {
        try {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          socket.receive(packet);
          if (packet.getAddress() instanceof Inet4Address) {
            continue; // IPv4 is the kernel's (DNAT)
          }
          DatagramSocket upstream = upstreams.get(packet.getSocketAddress());
          if (upstream == null) {
            upstream = upstream(packet.getSocketAddress());
          }
          upstream.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), target));
        } catch (IOException e) {
          if (!socket.isClosed()) {
            LOG.log(Level.DEBUG, "forwarding on " + socket.getLocalSocketAddress() + " failed", e);
          }
        }
      }
    }

    private DatagramSocket upstream(SocketAddress client) throws IOException {
      DatagramSocket upstream = new DatagramSocket();
      upstream.setSoTimeout(UDP_IDLE_MS);
      upstreams.put(client, upstream);
      daemon("ipv6-proxy udp " + client, () -> {
        byte[] buffer = new byte[65_535];
        try {
          while (true) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            upstream.receive(reply);
            socket.send(new DatagramPacket(reply.getData(), reply.getOffset(), reply.getLength(), client));
          }
        } catch (SocketTimeoutException | RuntimeException idle) {
          // let go below
        } catch (IOException closed) {
          // closed with the listener
        }
        upstreams.remove(client, upstream);
        upstream.close();
      });
      return upstream;
    }

    @Override
    public void close() {
      socket.close();
      upstreams.values().forEach(DatagramSocket::close);
    }
  }
}
