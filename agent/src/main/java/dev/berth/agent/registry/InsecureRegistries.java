package dev.berth.agent.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registries this agent speaks plain HTTP to, as dockerd's {@code --insecure-registry}: each
 * entry a registry name ({@code host[:port]}, matched exactly) or a CIDR (matched by the
 * registry host's addresses). Loopback ({@code ::1/128}, {@code 127.0.0.0/8}, {@code localhost})
 * is always insecure, as with dockerd and the docker CLI; {@code docker.io} never is. Every other
 * registry is spoken to over HTTPS.
 */
public final class InsecureRegistries {
  /** Only the loopback registries: the default. */
  public static final InsecureRegistries LOOPBACK_ONLY = new InsecureRegistries(List.of(), List.of());
  private static final List<Cidr> LOOPBACK = List.of(Cidr.parse("::1/128"), Cidr.parse("127.0.0.0/8"));
  private static final Pattern HOST_PORT = Pattern.compile(
      "([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  private final List<String> names;
  private final List<Cidr> userCidrs;

  private InsecureRegistries(List<String> names, List<Cidr> userCidrs) {
    this.names = List.copyOf(names);
    this.userCidrs = List.copyOf(userCidrs);
  }

  /**
   * Parses {@code entries} ({@code host[:port]} or CIDR; an {@code http://} or {@code https://}
   * prefix dropped as dockerd does); throws {@link IllegalArgumentException} naming a bad one.
   */
  public static InsecureRegistries parse(List<String> entries) {
    TreeSet<String> names = new TreeSet<>();
    List<Cidr> cidrs = new ArrayList<>();
    for (String raw : entries) {
      String entry = withoutScheme(raw.strip());
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.contains("/")) {
        Cidr cidr = Cidr.parse(entry);
        if (!cidrs.contains(cidr) && !LOOPBACK.contains(cidr)) {
          cidrs.add(cidr);
        }
      } else if (HOST_PORT.matcher(entry).matches() && validPort(entry)) {
        names.add(entry);
      } else {
        throw new IllegalArgumentException("insecure registry " + raw + " is not valid: want host[:port] or a CIDR");
      }
    }
    return new InsecureRegistries(new ArrayList<>(names), cidrs);
  }

  /** The registry names given, sorted (dockerd's {@code IndexConfigs} with {@code Secure: false}). */
  public List<String> names() {
    return names;
  }

  /** The CIDRs, the given ones first, then loopback's (dockerd's {@code InsecureRegistryCIDRs}). */
  public List<String> cidrs() {
    List<String> all = new ArrayList<>();
    userCidrs.forEach(c -> all.add(c.toString()));
    LOOPBACK.forEach(c -> all.add(c.toString()));
    return all;
  }

  /** Whether the registry {@code domain} ({@code host[:port]}) is spoken to over plain HTTP. */
  public boolean isInsecure(String domain) {
    if (domain.equals("docker.io")) {
      return false;
    }
    if (names.contains(domain) || isLoopback(domain)) {
      return true;
    }
    if (userCidrs.isEmpty()) {
      return false;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host(domain))) {
        if (userCidrs.stream().anyMatch(c -> c.contains(address))) {
          return true;
        }
      }
    } catch (UnknownHostException unresolved) {
      // dockerd: no match
    }
    return false;
  }

  /** Where the registry {@code domain} answers: plain HTTP when insecure, HTTPS otherwise. */
  public URI baseOf(String domain) {
    String host = domain.equals("docker.io") ? "registry-1.docker.io" : domain;
    return URI.create((isInsecure(domain) ? "http://" : "https://") + host);
  }

  /** Whether {@code domain} (with or without a port) is this machine's loopback; names other than localhost are not resolved. */
  static boolean isLoopback(String domain) {
    String name = host(domain);
    if (name.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return name.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(name).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** The host of {@code host[:port]}, without an IPv6 literal's brackets. */
  private static String host(String domain) {
    if (domain.startsWith("[")) {
      return domain.substring(1, Math.max(1, domain.indexOf(']')));
    }
    return domain.indexOf(':') == domain.lastIndexOf(':') ? domain.replaceFirst(":\\d*$", "") : domain;
  }

  private static String withoutScheme(String entry) {
    String lower = entry.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return entry.substring(entry.indexOf("://") + 3);
    }
    if (entry.contains("://")) {
      throw new IllegalArgumentException("insecure registry " + entry + " should not contain '://'");
    }
    return entry;
  }

  private static boolean validPort(String entry) {
    int colon = entry.lastIndexOf(':');
    return colon < 0 || entry.endsWith("]") || Integer.parseInt(entry.substring(colon + 1)) <= 65535;
  }

  /** An address range: the network's address (host bits cleared) and its prefix length. */
  private record Cidr(InetAddress network, int prefix) {
    static Cidr parse(String text) {
      String[] parts = text.split("/", -1);
      if (parts.length != 2 || !parts[0].matches("([0-9]{1,3}\\.){3}[0-9]{1,3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
          || !parts[1].matches("[0-9]{1,3}")) {
        throw new IllegalArgumentException("insecure registry " + text + " is not a valid CIDR");
      }
      try {
        byte[] bytes = InetAddress.getByName(parts[0]).getAddress();
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > bytes.length * 8) {
          throw new IllegalArgumentException("insecure registry " + text + " is not a valid CIDR");
        }
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
          bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return new Cidr(InetAddress.getByAddress(bytes), prefix);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("insecure registry " + text + " is not a valid CIDR");
      }
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      byte[] mine = network.getAddress();
      if (candidate.length != mine.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((candidate[bit / 8] & mask) != (mine[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      String address = network.getHostAddress();
      return (network.getAddress().length == 16 ? address.replaceFirst("(^|:)(0(:|$)){2,}", "::") : address)
          + "/" + prefix;
    }
  }
}
