/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance;

/** What the rebalancer reads from and records in the RM's migration metrics. */
public interface RebalanceMetrics {

  /** Migrations of the cluster in flight now. */
  int getInFlight();

  /** The rebalancer started a migration. */
  void rebalanced();

  /** The rebalancer's last look found this spread of memory utilisation (a fraction). */
  void rebalanceSpread(float spread);
}
