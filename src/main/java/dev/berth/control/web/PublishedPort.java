package dev.berth.control.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A container port as the dashboard shows it: {@code 0.0.0.0:8080 → 80/tcp}, with a link
 * {@code http://<host address>:8080} when it is published on an address other hosts reach
 * (not on a loopback one) and the host's address is known. A port published on {@code 0.0.0.0}
 * and {@code ::} alike (dockerd's {@code -p 8080:80} on a host with IPv6) is linked once.
 *
 * @param text the binding, as {@code docker port} writes it
 * @param url where a browser reaches it, or null
 */
public record PublishedPort(String text, String url) {

  /** The ports of a {@code docker ps} item ({@code [{"IP","PrivatePort","PublicPort","Type"}]}) on a host at {@code address}. */
  public static List<PublishedPort> ofSummary(JsonNode ports, String address) {
    List<PublishedPort> list = new ArrayList<>();
    ports.forEach(port -> {
      String container = port.path("PrivatePort").asText() + "/" + port.path("Type").asText("tcp");
      list.add(port.hasNonNull("PublicPort")
          ? of(port.path("IP").asText(""), port.path("PublicPort").asText(), container, address)
          : new PublishedPort(container, null));
    });
    return linkedOnce(list);
  }

  /** The ports of an inspect's {@code NetworkSettings.Ports} ({@code {"80/tcp": [{"HostIp","HostPort"}]}}). */
  public static List<PublishedPort> ofInspect(JsonNode ports, String address) {
    List<PublishedPort> list = new ArrayList<>();
    ports.fields().forEachRemaining(port -> {
      if (port.getValue().isArray() && !port.getValue().isEmpty()) {
        port.getValue().forEach(binding -> list.add(of(binding.path("HostIp").asText(""),
            binding.path("HostPort").asText(), port.getKey(), address)));
      } else {
        list.add(new PublishedPort(port.getKey(), null));
      }
    });
    return linkedOnce(list);
  }

  // Later ports with a URL an earlier one has keep their text only.
  private static List<PublishedPort> linkedOnce(List<PublishedPort> ports) {
    Set<String> seen = new HashSet<>();
    return ports.stream().map(port -> port.url() == null || seen.add(port.url()) ? port
        : new PublishedPort(port.text(), null)).toList();
  }

  private static PublishedPort of(String hostIp, String hostPort, String container, String address) {
    String text = bracketed(hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + hostPort + " → " + container;
    boolean loopback = hostIp.startsWith("127.") || hostIp.equals("::1");
    String reachable = hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::") ? address : hostIp;
    return new PublishedPort(text, loopback || reachable == null || !container.endsWith("/tcp") ? null
        : "http://" + bracketed(reachable) + ":" + hostPort);
  }

  // An IPv6 address in brackets before ":port", as docker port writes it ([::]:8080)
  private static String bracketed(String ip) {
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }
}
