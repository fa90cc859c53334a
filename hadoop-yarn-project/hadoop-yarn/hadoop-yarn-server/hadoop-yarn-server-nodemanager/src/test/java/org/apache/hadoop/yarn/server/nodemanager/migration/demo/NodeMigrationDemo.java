/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.demo;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.cgroup.CgroupFreezers;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.MigrationTestCluster;
import org.apache.hadoop.yarn.server.nodemanager.migration.ProcSnapshot;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.SourceMigration;
import org.apache.hadoop.yarn.server.nodemanager.migration.TargetSide;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.CheckpointRequest;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerCheckpointer;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSettings;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferToken;

/**
 * The NodeManager half of a migration (run by dev-support/bin/demo-nodemanager): 1 RM +
 * 2 NMs in this JVM (MiniYARNCluster), a stateful container on NM1 live-migrated to NM2
 * over the NM-to-NM transfer port. It drives the NodeManager side directly; the whole
 * path through the ResourceManager and {@code yarn container -migrate} is
 * dev-support/bin/demo. Exit 0 only if every check passed.
 */
public final class NodeMigrationDemo {

  private NodeMigrationDemo() {
  }

  private static final long T0 = System.nanoTime();

  private static void say(String fmt, Object... args) {
    System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - T0) / 1e9,
        String.format(fmt, args));
    System.out.flush();
  }

  private static final List<String> FAILURES = new ArrayList<>();

  private static void check(boolean ok, String what) {
    say("  %s %s", ok ? "OK  " : "FAIL", what);
    if (!ok) {
      FAILURES.add(what);
    }
  }

  public static void main(String[] args) {
    int rc;
    try {
      rc = run(new File(args.length > 0 ? args[0] : "target/demo"));
    } catch (Throwable t) {
      System.out.println("DEMO FAILED: " + t);
      t.printStackTrace(System.out);
      rc = 1;
    }
    System.exit(rc);
  }

  private static int run(File workDir) throws Exception {
    System.out.println("Live migration of a running YARN container with CRIU (Hadoop 3.1.0)");
    System.out.println("NOTE: this demo drives the NodeManager side directly (checkpoint,"
        + " NM-to-NM transfer, restore);");
    System.out.println("      the whole path through the ResourceManager and"
        + " `yarn container -migrate` is dev-support/bin/demo.");
    workDir.mkdirs();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Configuration extra = MigrationTestCluster.transferConf(new File(workDir, "transfer.key"),
        key);
    say("starting MiniYARNCluster: 1 RM + 2 NMs, CheckpointableContainerExecutor,"
        + " aux service container_migration on both NMs");
    MigrationTestCluster cluster = new MigrationTestCluster("NodeMigrationDemo", extra);
    Container source = null;
    Container target = null;
    SourceMigration.Shipped shipped = null;
    TargetSide tm = null;
    boolean completed = false;
    try {
      say("NM1 = %s (transfer port %d), NM2 = %s (transfer port %d)", cluster.nodeId(0),
          cluster.transferAddress(0).getPort(), cluster.nodeId(1),
          cluster.transferAddress(1).getPort());
      source = cluster.start(0, Workload.command(), Collections.<String, String>emptyMap());
      int launcher = cluster.launcherPid(source);
      File sourceWork = cluster.workDir(source);
      say("started %s on NM1: a bash loop, counter in memory, appends to counter.txt,"
          + " feeds a child (cat) through a pipe", source.getId());
      Workload.awaitCount(sourceWork, 1, 30_000);
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
        say("  on NM1: counter = %d", Workload.lastCount(sourceWork));
      }
      ProcSnapshot sourceProcs = ProcSnapshot.ofTree(launcher)
          .addAll(MigrationTestCluster.processesOf(source.getId()));

      String m = "demo-" + System.currentTimeMillis();
      say("migrating %s to NM2 (migration %s)", source.getId(), m);
      SourceMigration migration = new SourceMigration(
          new ContainerCheckpointer(new Criu("criu"), CgroupFreezers.detect(),
              cluster.nodeId(0).toString(), 10_000),
          new ImageSender(TransferSettings.defaults()), cluster.nodeId(0).toString());
      long start = System.nanoTime();
      shipped = migration.ship(migration.checkpoint(new CheckpointRequest(
          source.getId().toString(), launcher, sourceWork, cluster.logDir(source), m,
          SourceMigration.outgoingDir(cluster.localDirs(0).get(0), m)),
          cluster.transferAddress(1), TransferToken.create(key, m)));
      List<String> dumped = Workload.counterLines(new File(cluster.aux(1)
          .getTargetMigrations().get(m).images.toFile(), "workdir"));
      int lastBefore = Integer.parseInt(dumped.get(dumped.size() - 1));
      say("  phase checkpoint: %d ms (freeze + criu dump %d ms + work dir copy), tree frozen"
          + " on NM1", shipped.getCheckpointMs(), shipped.getDumpMs());
      say("  phase transfer:   %d ms, %d bytes to NM2's port (%.1f MiB/s), images verified"
          + " (SHA-256)", shipped.getTransferMs(), shipped.getShippedBytes(),
          shipped.getTransferMiBPerSecond());
      long restoreStart = System.nanoTime();
      target = cluster.startRestore(1, m, source.getId());
      tm = cluster.target(1, m, target);
      if (!tm.awaitRestored(60_000)) {
        throw new IllegalStateException("not restored: " + cluster.status(target) + "\n"
            + tm.diagnostics());
      }
      long restoredAt = System.nanoTime();
      shipped.complete();
      tm.finish();
      completed = true;
      say("  phase restore:    %d ms (restore container %s started on NM2, criu restore)",
          (restoredAt - restoreStart) / 1_000_000L, target.getId());
      say("  downtime (freeze on NM1 -> running on NM2): %d ms; frozen until images acked:"
          + " %d ms", (restoredAt - start) / 1_000_000L, shipped.getFrozenSoFarMs());
      say("  image size: %d bytes of CRIU images, %d bytes shipped", shipped.getImageBytes(),
          shipped.getShippedBytes());

      int exit = cluster.awaitExit(source, 30_000);
      File targetWork = cluster.workDir(target);
      Workload.awaitCount(targetWork, lastBefore + 15, 20_000);
      List<String> lines = Workload.counterLines(targetWork);
      List<String> after = lines.subList(dumped.size(), Math.min(lines.size(),
          dumped.size() + 5));
      say("evidence:");
      say("  last counter on NM1 before the migration: %d", lastBefore);
      say("  first counters on NM2 after it:           %s", String.join(", ", after));
      String stdout = new String(Files.readAllBytes(
          new File(cluster.logDir(target), "stdout").toPath()), StandardCharsets.UTF_8);
      String[] out = stdout.split("\n");
      say("  tail of the container's stdout on NM2 (%s):", new File(cluster.logDir(target),
          "stdout"));
      for (int i = Math.max(0, out.length - 5); i < out.length; i++) {
        say("    | %s", out[i]);
      }
      check(!after.isEmpty() && after.get(0).equals(String.valueOf(lastBefore + 1)),
          "counter continued at " + (lastBefore + 1) + " on NM2 (not restarted)");
      check(lines.subList(0, dumped.size()).equals(dumped),
          "counter.txt on NM2 holds all " + dumped.size() + " pre-migration lines");
      check(exit == MigrationContract.EXIT_MIGRATED,
          "NM1 reports exit status " + exit + " for the source (175 = migrated)");
      check(sourceProcs.survivors().isEmpty(), "no process of the source left on NM1");
      check(!SourceMigration.outgoingDir(cluster.localDirs(0).get(0), m).exists()
          && tm.imageDir() == null, "images deleted on NM1 and NM2");

      ProcSnapshot targetProcs = ProcSnapshot.ofTree(cluster.launcherPid(target))
          .addAll(MigrationTestCluster.processesOf(target.getId()));
      say("stopping %s on NM2", target.getId());
      cluster.stop(target);
      long deadline = System.currentTimeMillis() + 10_000;
      while (!targetProcs.survivors().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      check(targetProcs.survivors().isEmpty()
          && MigrationTestCluster.processesOf(source.getId()).isEmpty()
          && MigrationTestCluster.processesOf(target.getId()).isEmpty(),
          "no process of the container left after the stop");
      target = null;
      source = null;
    } finally {
      if (!completed) {
        abortQuietly(shipped, tm);
      }
      stopQuietly(cluster, source);
      stopQuietly(cluster, target);
      say("stopping the cluster");
      cluster.close();
    }
    if (FAILURES.isEmpty()) {
      say("DEMO OK: the container moved from NM1 to NM2 and its state continued");
      return 0;
    }
    say("DEMO FAILED: %s", FAILURES);
    return 1;
  }

  private static void abortQuietly(SourceMigration.Shipped shipped, TargetSide tm) {
    try {
      if (shipped != null) {
        shipped.abort();
      }
      if (tm != null) {
        tm.abort();
      }
    } catch (Exception e) {
      say("abort failed: %s", e);
    }
  }

  private static void stopQuietly(MigrationTestCluster cluster, Container c) {
    if (c == null) {
      return;
    }
    try {
      cluster.stop(c);
    } catch (Exception e) {
      say("stop of %s failed: %s", c.getId(), e);
    }
  }
}
