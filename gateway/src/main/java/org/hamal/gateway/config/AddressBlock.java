package org.hamal.gateway.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address or a CIDR block of them, IPv4 or IPv6: {@code 10.0.0.5}, {@code 10.0.0.0/8},
 * {@code 2001:db8::/32}. Only literals: a name is never looked up. An IPv4-mapped IPv6 address
 * ({@code ::ffff:10.0.0.5}) is its IPv4 address, as a dual-stack socket may report a peer so.
 */
public final class AddressBlock {

  private final byte[] network;
  private final int prefix;
  private final String text;

  private AddressBlock(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address} or {@code address/prefix}.
   *
   * @throws IllegalArgumentException when it is neither, or the address has bits set beyond the
   *     prefix (10.1.0.0/8 is more likely a typo than 10.0.0.0/8)
   */
  public static AddressBlock parse(String text) {
    String given = text == null ? "" : text.trim();
    int slash = given.indexOf('/');
    String address = slash < 0 ? given : given.substring(0, slash);
    byte[] bytes = bytes(address);
    if (bytes == null) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address or a CIDR block (10.0.0.0/8, 2001:db8::/32)");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      prefix = prefixOf(given.substring(slash + 1), text);
      if (address.contains(":") && bytes.length == 4) {
        prefix -= 96; // ::ffff:10.0.0.0/104 is 10.0.0.0/8
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("\"" + text + "\": the prefix must be 0 to " + bits);
      }
    }
    if (!Arrays.equals(bytes, masked(bytes, prefix))) {
      throw new IllegalArgumentException("\"" + text + "\" has bits set beyond its /" + prefix
          + " (the block is " + hostAddress(masked(bytes, prefix)) + "/" + prefix + ")");
    }
    return new AddressBlock(bytes, prefix, given);
  }

  /** Whether the address (as {@link #bytes}) lies in this block; an IPv4 one is never in an IPv6 block. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    return Arrays.equals(network, masked(address, prefix));
  }

  /**
   * The bytes of an IP address literal (IPv4-mapped IPv6 as IPv4, 4 bytes), or null when the text
   * is not one. Never a DNS lookup.
   */
  public static byte[] bytes(String literal) {
    if (literal == null || literal.isEmpty()) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  /** An address's usual text: {@code 10.0.0.5}, {@code 2001:db8:0:0:0:0:0:1} (as Vert.x gives a peer's). */
  public static String hostAddress(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException wrongLength) {
      throw new IllegalArgumentException(wrongLength);
    }
  }

  @Override
  public String toString() {
    return text;
  }

  private static int prefixOf(String digits, String text) {
    if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("\"" + text + "\": the prefix after / must be a number");
    }
    return Integer.parseInt(digits);
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
