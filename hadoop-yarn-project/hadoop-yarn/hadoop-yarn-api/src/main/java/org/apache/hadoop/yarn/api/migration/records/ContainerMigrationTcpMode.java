/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/**
 * What a migration does with the TCP connections the container's processes hold.
 * Listening sockets move in every mode: they listen on the same port on the target
 * node's address.
 */
@Public
@Unstable
public enum ContainerMigrationTcpMode {
  /**
   * The most the container allows: {@link #ESTABLISHED} for a container with an address of
   * its own (its connections go on: that is what the address is for), {@link #CLOSE} for one
   * on its host's network. The source NodeManager chooses, before the freeze; the default,
   * and what a drain uses.
   */
  AUTO,
  /**
   * Connections are restored closed: the process reads end-of-file or a reset on them and
   * reconnects, as Hadoop IPC clients do; the peers see the old connection end when the
   * source tree ends. Data in flight at the freeze (sent but not yet read by the other
   * side) is lost, and a call pending on an old connection fails: a request/response
   * protocol resends what was not acknowledged. A no-op for a container that holds no
   * connection.
   */
  CLOSE,
  /**
   * Connections continue unbroken on the target (CRIU's TCP repair, the network locked
   * between freeze and restore), for a container with an address of its own (its launch
   * environment has {@value ContainerNetwork#OWN_ASSIGNMENT}), which moves with it. The source
   * NodeManager refuses it, before the freeze, for a container on its host's network.
   */
  ESTABLISHED;

  /** The mode used when a request names none. */
  public static final ContainerMigrationTcpMode DEFAULT = AUTO;
}
