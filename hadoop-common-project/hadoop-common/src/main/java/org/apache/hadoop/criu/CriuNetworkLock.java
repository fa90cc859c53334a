/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

/**
 * How CRIU locks the network of what it dumps ({@code --network-lock}); a restore uses the
 * dump's method.
 */
public enum CriuNetworkLock {
  /** No flag: CRIU's default (iptables, whose tools this project does not install). */
  DEFAULT,
  /**
   * {@code --network-lock nftables}: through CRIU's libnftables, no tool needed. A tree in
   * a network namespace of its own is locked as a whole.
   */
  NFTABLES;

  void appendTo(java.util.List<String> args) {
    if (this == NFTABLES) {
      args.add("--network-lock");
      args.add("nftables");
    }
  }
}
