/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/**
 * How an application asks, in a container's launch environment, for the container to
 * have an address of its own on the cluster network: {@value #OWN_ASSIGNMENT}. The
 * address moves with the container, so its connections can stay open across a migration
 * ({@link ContainerMigrationTcpMode#ESTABLISHED}), and its {@code NM_HOST} and host name
 * are that address. The NodeManager must have a bridge and a block of addresses
 * ({@code yarn.nodemanager.migration.network.*}); without them such a container fails to
 * launch, naming why.
 */
@Public
@Unstable
public final class ContainerNetwork {

  /** The launch environment variable. */
  public static final String ENV = "YARN_MIGRATION_NETWORK";
  /** Its value for an address of the container's own (the only one there is). */
  public static final String OWN = "own";
  /** {@code ENV=OWN}, as an application writes it (e.g. distributed shell's -shell_env). */
  public static final String OWN_ASSIGNMENT = ENV + "=" + OWN;

  private ContainerNetwork() {
  }
}
