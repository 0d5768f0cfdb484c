package dev.berth.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 side of published ports against servers on 127.0.0.1 (standing in for a container's
 * IPv4 address): TCP both ways with the half-close passed on, UDP replies back to their client,
 * IPv4 clients of {@code [::]} left to the kernel, and nothing listening once closed.
 */
class Ipv6PortProxiesTest {
  private final Ipv6PortProxies proxies = new Ipv6PortProxies();

  @BeforeEach
  void needsIpv6() {
    assumeTrue(Ipv6PortProxies.hostHasIpv6(), "the host has no IPv6");
  }

  @AfterEach
  void close() {
    proxies.closeAll();
  }

  @Test
  void tcpReachesTheIpv4ServerAndPassesTheHalfCloseOn() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      Thread upper = new Thread(() -> {
        try (Socket connection = server.accept()) {
          byte[] request = connection.getInputStream().readAllBytes(); // until the client's half-close
          connection.getOutputStream().write(new String(request, StandardCharsets.UTF_8).toUpperCase()
              .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      upper.start();
      int port = freePort();
      proxies.open("127.0.0.1", new PublishedPort("tcp", server.getLocalPort(), "::1", port));
      try (Socket client = new Socket(InetAddress.getByName("::1"), port)) {
        client.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
        client.shutdownOutput();
        assertEquals("HELLO", new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      upper.join(5000);
      proxies.close(new PublishedPort("tcp", server.getLocalPort(), "::1", port));
      assertPortFreedSoon(port);
    }
  }

  // Closing a listener while its thread waits in accept() releases the port only when that thread
  // wakes up (the JDK defers the close): the port is free again within moments, not at once.
  private static void assertPortFreedSoon(int port) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
        return;
      } catch (java.net.BindException stillListening) {
        if (System.nanoTime() > deadline) {
          throw stillListening;
        }
        Thread.sleep(20);
      }
    }
  }

  @Test
  void udpRepliesGoBackToTheirClient() throws Exception {
    try (DatagramSocket echo = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("::1"))) {
      Thread echoing = new Thread(() -> {
        try {
          DatagramPacket packet = new DatagramPacket(new byte[100], 100);
          echo.receive(packet);
          echo.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      echoing.start();
      int port = freeUdpPort();
      proxies.open("127.0.0.1", new PublishedPort("udp", echo.getLocalPort(), "::", port));
      byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
      client.setSoTimeout(5000);
      client.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(InetAddress.getByName("::1"), port)));
      DatagramPacket reply = new DatagramPacket(new byte[100], 100);
      client.receive(reply);
      assertEquals("ping", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      echoing.join(5000);
    }
  }

  @Test
  void ipv4ClientsOfTheIpv6WildcardAreLeftToTheKernel() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      int port = freePort();
      proxies.open("127.0.0.1", new PublishedPort("tcp", server.getLocalPort(), "::", port));
      try (Socket client = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
        client.setSoTimeout(5000);
        assertEquals(-1, client.getInputStream().read(), "closed at once: IPv4 is DNAT'ed, never proxied");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
