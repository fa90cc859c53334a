/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import org.apache.hadoop.metrics2.MetricsSystem;
import org.apache.hadoop.metrics2.annotation.Metric;
import org.apache.hadoop.metrics2.annotation.Metrics;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.metrics2.lib.MutableCounterLong;
import org.apache.hadoop.metrics2.lib.MutableGaugeInt;
import org.apache.hadoop.metrics2.lib.MutableRate;
import org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance.RebalanceMetrics;

/**
 * metrics2 source of the RM's container migrations ({@code ContainerMigrationMetrics} in
 * JMX: {@code Hadoop:service=ResourceManager,name=ContainerMigrationMetrics}).
 *
 * <p>Not a singleton: {@link #create} registers a fresh source and {@link #unregister}
 * removes it, so an RM that re-creates its active services (HA transitions) and tests that
 * start several RMs in one JVM each get their own.
 */
@Metrics(name = "ContainerMigrationMetrics", about = "YARN container live migration",
    context = "yarn")
public class MigrationMetrics implements RebalanceMetrics {

  static final String SOURCE_NAME = "ContainerMigrationMetrics";

  @Metric("Migrations accepted")
  MutableCounterLong migrationsStarted;
  @Metric("Migrations that reached SUCCEEDED")
  MutableCounterLong migrationsSucceeded;
  @Metric("Migrations that reached FAILED")
  MutableCounterLong migrationsFailed;
  @Metric("Post-copy migrations that reached LOST (the container lost during its page pull)")
  MutableCounterLong migrationsLost;
  @Metric("Migration requests rejected by validation")
  MutableCounterLong migrationsRejected;
  @Metric("Migrations in flight")
  MutableGaugeInt migrationsInFlight;
  @Metric("Calls to a NodeManager (abort, completion) repeated after a failure")
  MutableCounterLong nodeCallRetries;
  @Metric("Aborts and completions given up after retrying (a source may be left frozen)")
  MutableCounterLong nodeCallsAbandoned;
  @Metric("Total checkpoint image bytes moved")
  MutableCounterLong bytesMoved;
  @Metric("Migrations started by the rebalancer")
  MutableCounterLong rebalanceMigrations;
  @Metric("Largest spread of the nodes' memory utilisation of a partition at the"
      + " rebalancer's last look, percent")
  MutableGaugeInt rebalanceSpreadPercent;
  @Metric("Downtime (frozen time) of successful migrations, ms")
  MutableRate downtime;
  @Metric("Duration of finished migrations, submit to final state, ms")
  MutableRate duration;

  private MetricsSystem registeredWith;

  MigrationMetrics() {
  }

  /** A fresh source registered with the default metrics system. */
  public static MigrationMetrics create() {
    MetricsSystem ms = DefaultMetricsSystem.instance();
    MigrationMetrics metrics = new MigrationMetrics();
    synchronized (MigrationMetrics.class) {
      // A previous instance (earlier RM in this JVM, or standby->active) is replaced.
      ms.unregisterSource(SOURCE_NAME);
      ms.register(SOURCE_NAME, "YARN container live migration", metrics);
    }
    metrics.registeredWith = ms;
    return metrics;
  }

  /** Unregisters this source; idempotent. */
  public synchronized void unregister() {
    if (registeredWith != null) {
      synchronized (MigrationMetrics.class) {
        registeredWith.unregisterSource(SOURCE_NAME);
      }
      registeredWith = null;
    }
  }

  public void started() {
    migrationsStarted.incr();
    migrationsInFlight.incr();
  }

  public void rejected() {
    migrationsRejected.incr();
  }

  public void succeeded(long durationMs, long frozenTimeMs, long bytes) {
    migrationsSucceeded.incr();
    migrationsInFlight.decr();
    duration.add(durationMs);
    downtime.add(frozenTimeMs);
    bytesMoved.incr(bytes);
  }

  public void failed(long durationMs) {
    migrationsFailed.incr();
    migrationsInFlight.decr();
    duration.add(durationMs);
  }

  /** A post-copy migration lost its container during the page pull. */
  public void lost(long durationMs) {
    migrationsLost.incr();
    migrationsInFlight.decr();
    duration.add(durationMs);
  }

  @Override
  public void rebalanced() {
    rebalanceMigrations.incr();
  }

  @Override
  public void rebalanceSpread(float spread) {
    rebalanceSpreadPercent.set(Math.round(spread * 100));
  }

  public long getRebalanced() {
    return rebalanceMigrations.value();
  }

  public int getRebalanceSpreadPercent() {
    return rebalanceSpreadPercent.value();
  }

  public void nodeCallRetried() {
    nodeCallRetries.incr();
  }

  public void nodeCallAbandoned() {
    nodeCallsAbandoned.incr();
  }

  public long getNodeCallRetries() {
    return nodeCallRetries.value();
  }

  public long getNodeCallsAbandoned() {
    return nodeCallsAbandoned.value();
  }

  public long getStarted() {
    return migrationsStarted.value();
  }

  public long getSucceeded() {
    return migrationsSucceeded.value();
  }

  public long getFailed() {
    return migrationsFailed.value();
  }

  public long getLost() {
    return migrationsLost.value();
  }

  public long getRejected() {
    return migrationsRejected.value();
  }

  @Override
  public int getInFlight() {
    return migrationsInFlight.value();
  }

  public long getBytesMoved() {
    return bytesMoved.value();
  }
}
