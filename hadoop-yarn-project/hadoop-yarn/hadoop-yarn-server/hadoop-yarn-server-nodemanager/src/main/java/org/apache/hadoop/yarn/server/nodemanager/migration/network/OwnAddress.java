/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.network;

import java.util.Objects;

/**
 * A container's address of its own on the cluster network: the address and prefix of the
 * {@code eth0} in its network namespace, and the host end of its veth pair on the node it
 * runs on now (named after that node's container, {@link ContainerNetworks#hostVeth}).
 */
public final class OwnAddress {

  /** The interface's name inside the container's network namespace. */
  public static final String CONTAINER_INTERFACE = "eth0";

  private final String address;
  private final int prefixLength;
  private final String hostVeth;
  private final String bridge;

  /**
   * @param hostVeth the veth's host end here; @param bridge the bridge it joins (null for
   *     an address only read from a spec)
   */
  public OwnAddress(String address, int prefixLength, String hostVeth, String bridge) {
    AddressBlock.parseAddress(address);
    if (prefixLength < 1 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " of " + address
          + " is not in 1..32");
    }
    this.address = address;
    this.prefixLength = prefixLength;
    this.hostVeth = Objects.requireNonNull(hostVeth, "hostVeth");
    this.bridge = bridge;
  }

  /** {@code a.b.c.d/n}, as a restore spec carries it. */
  public static OwnAddress parse(String cidr, String hostVeth, String bridge) {
    AddressBlock b = AddressBlock.parse(cidr);
    return new OwnAddress(cidr.trim().substring(0, cidr.trim().indexOf('/')),
        b.getPrefixLength(), hostVeth, bridge);
  }

  public String getAddress() {
    return address;
  }

  public int getPrefixLength() {
    return prefixLength;
  }

  public String getHostVeth() {
    return hostVeth;
  }

  /** The bridge the host end joins, or null. */
  public String getBridge() {
    return bridge;
  }

  /** {@code a.b.c.d/n} */
  public String cidr() {
    return address + "/" + prefixLength;
  }

  @Override
  public String toString() {
    return cidr() + " (host end " + hostVeth + (bridge == null ? "" : " on " + bridge) + ")";
  }
}
