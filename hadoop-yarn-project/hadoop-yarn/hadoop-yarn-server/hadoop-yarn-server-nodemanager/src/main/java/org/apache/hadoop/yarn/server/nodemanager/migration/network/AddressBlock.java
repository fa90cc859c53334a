/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.network;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 CIDR block ({@code a.b.c.d/n}), as a pure value: parsing, membership and the
 * host addresses it holds. No name lookup happens here.
 */
public final class AddressBlock {

  private final int base;
  private final int prefixLength;

  private AddressBlock(int base, int prefixLength) {
    this.base = base & mask(prefixLength);
    this.prefixLength = prefixLength;
  }

  /**
   * @param cidr {@code a.b.c.d/n}, 0 &lt;= n &lt;= 32
   * @throws IllegalArgumentException naming what is wrong
   */
  public static AddressBlock parse(String cidr) {
    String s = cidr == null ? "" : cidr.trim();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR block"
          + " (a.b.c.d/n)");
    }
    String length = s.substring(slash + 1);
    if (length.isEmpty() || length.length() > 2 || !asciiDigits(length)) {
      throw new IllegalArgumentException("'" + cidr + "' has no prefix length after '/'");
    }
    int n = Integer.parseInt(length);
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("'" + cidr + "': prefix length " + n
          + " is not in 0..32");
    }
    try {
      return new AddressBlock(parseAddress(s.substring(0, slash)), n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR block"
          + " (a.b.c.d/n): " + e.getMessage(), e);
    }
  }

  /** The block of {@code address}'s subnet with {@code prefixLength}. */
  public static AddressBlock of(String address, int prefixLength) {
    return parse(address + "/" + prefixLength);
  }

  /** A dotted IPv4 address as an int; refuses anything else (no host names). */
  public static int parseAddress(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
    }
    int a = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !asciiDigits(p)) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      a = (a << 8) | v;
    }
    return a;
  }

  /** 0-9 only: Character.isDigit and Integer.parseInt take other scripts' digits too. */
  private static boolean asciiDigits(String s) {
    return s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  public static String format(int address) {
    return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "."
        + ((address >>> 8) & 255) + "." + (address & 255);
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  public int getPrefixLength() {
    return prefixLength;
  }

  public boolean contains(String address) {
    return (parseAddress(address) & mask(prefixLength)) == base;
  }

  /** Whether every address of {@code other} is in this block. */
  public boolean contains(AddressBlock other) {
    return other.prefixLength >= prefixLength
        && (other.base & mask(prefixLength)) == base;
  }

  /**
   * The addresses of the block a container may have: all of them but the block's network
   * and broadcast addresses when the block is a whole subnet ({@code subnet}), else all.
   */
  public List<String> hostAddresses(AddressBlock subnet) {
    List<String> out = new ArrayList<>();
    long size = 1L << (32 - prefixLength);
    for (long i = 0; i < size; i++) {
      int a = base + (int) i;
      if (subnet != null && (a == subnet.base || a == (subnet.base | ~mask(subnet.prefixLength)))) {
        continue;
      }
      out.add(format(a));
    }
    return out;
  }

  @Override
  public String toString() {
    return format(base) + "/" + prefixLength;
  }
}
