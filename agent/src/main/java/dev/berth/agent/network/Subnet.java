package dev.berth.agent.network;

/**
 * An IPv4 subnet, e.g. {@code 172.29.0.0/16}: its first address is the network, the next one the
 * bridge's (the gateway), the last one broadcast; containers get the ones between.
 *
 * @param network the network address as an unsigned 32-bit number
 * @param prefixLength 8 to 30
 */
public record Subnet(int network, int prefixLength) {
  /** Checks the prefix and that no host bits are set. */
  public Subnet {
    if (prefixLength < 8 || prefixLength > 30) {
      throw new IllegalArgumentException("subnet prefix length must be between 8 and 30: " + prefixLength);
    }
    if ((network & ~mask(prefixLength)) != 0) {
      throw new IllegalArgumentException("subnet has host bits set: " + Ipv4.format(network) + "/" + prefixLength);
    }
  }

  /** Parses {@code a.b.c.d/n}. */
  public static Subnet parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    }
    try {
      return new Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    }
  }

  /** The bridge's address, the containers' default route. */
  public String gateway() {
    return Ipv4.format(network + 1);
  }

  /** The {@code n}th address of the subnet (0: the network). */
  public String address(int n) {
    return Ipv4.format(network + n);
  }

  /** How many addresses containers can get (all but the network, the gateway and broadcast). */
  public int containerAddresses() {
    return (1 << (32 - prefixLength)) - 3;
  }

  /** Whether {@code other} shares addresses with this subnet. */
  public boolean overlaps(Subnet other) {
    int shorter = Math.min(prefixLength, other.prefixLength);
    return ((network ^ other.network) & mask(shorter)) == 0;
  }

  /** Whether the route destination {@code cidr} ({@code a.b.c.d} or {@code a.b.c.d/n}, any n) shares addresses with this subnet. */
  public boolean overlaps(String cidr) {
    int slash = cidr.indexOf('/');
    int address = Ipv4.parse(slash < 0 ? cidr : cidr.substring(0, slash));
    int length = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
    int shorter = Math.min(prefixLength, length);
    return ((network ^ address) & mask(shorter)) == 0;
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }
}
