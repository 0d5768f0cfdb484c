package dev.berth.agent.network;

/** IPv4 addresses as numbers and back, with Docker's error words for a bad one. */
final class Ipv4 {
  private Ipv4() {}

  /** {@code a.b.c.d} as a number. */
  static int parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("invalid IP address: " + text);
    }
    int value = 0;
    for (String part : parts) {
      if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
        throw new IllegalArgumentException("invalid IP address: " + text);
      }
      value = value << 8 | Integer.parseInt(part);
    }
    return value;
  }

  /** Whether {@code text} is a dotted IPv4 address. */
  static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The number as {@code a.b.c.d}. */
  static String format(int value) {
    return (value >>> 24) + "." + (value >>> 16 & 255) + "." + (value >>> 8 & 255) + "." + (value & 255);
  }

  /** Docker's MAC for an address: {@code 02:42} then the address's four bytes. */
  static String mac(String address) {
    int value = parse(address);
    return String.format("02:42:%02x:%02x:%02x:%02x", value >>> 24, value >>> 16 & 255, value >>> 8 & 255, value & 255);
  }
}
