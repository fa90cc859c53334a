/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.cgroup.CgroupFreezers;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.MigrationTestCluster;
import org.apache.hadoop.yarn.server.nodemanager.migration.TargetSide;
import org.apache.hadoop.yarn.server.nodemanager.migration.ProcSnapshot;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.CheckpointRequest;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerCheckpointer;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSettings;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferToken;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real CRIU, real NodeManagers with {@link MigrationAuxService} on both: a container on
 * NM1 is checkpointed and shipped through NM2's transfer port by {@link SourceMigration},
 * restored by a new container on NM2; refused and corrupted transfers leave the source
 * running and no images anywhere.
 */
public class TestNodeToNodeMigration {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(300);

  private static final Logger LOG = LoggerFactory.getLogger(TestNodeToNodeMigration.class);

  static final byte[] KEY = "nm-to-nm-test-key-0123456789abcd".getBytes(StandardCharsets.UTF_8);

  private static MigrationTestCluster cluster;

  @BeforeClass
  public static void startCluster() throws Exception {
    MigrationTestCluster.assumeRootAndCriu();
    Configuration extra = MigrationTestCluster.transferConf(
        new File(System.getProperty("test.build.dir", "target"),
            "migration-keys/TestNodeToNodeMigration.key"), KEY);
    // The size workloads use more memory than the 128 MB containers ask for.
    extra.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    cluster = new MigrationTestCluster("TestNodeToNodeMigration", extra);
  }

  /** Containers a test started: stopped after it (a failed test leaves no process). */
  private final List<Container> started = new java.util.ArrayList<>();
  /** Migrations still pending: aborted after a failed test (thaws a frozen source). */
  private final List<Object> pending = new java.util.ArrayList<>();

  private Container start(int nm, String command, Map<String, String> env) throws Exception {
    Container c = cluster.start(nm, command, env);
    started.add(c);
    return c;
  }

  @After
  public void cleanUp() {
    for (Object p : pending) {
      try {
        if (p instanceof SourceMigration.Shipped) {
          ((SourceMigration.Shipped) p).abort();
        } else {
          ((TargetSide) p).abort();
        }
      } catch (Exception e) {
        LOG.warn("cleanup: abort failed", e);
      }
    }
    for (Container c : started) {
      try {
        if (cluster.status(c).getState()
            != org.apache.hadoop.yarn.api.records.ContainerState.COMPLETE) {
          cluster.stop(c);
        }
      } catch (Exception e) {
        LOG.warn("cleanup: stop of {} failed", c.getId(), e);
      }
    }
  }

  @AfterClass
  public static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static SourceMigration sourceMigration(MigrationTestCluster c, int nm) throws Exception {
    return sourceMigration(c, nm, 30_000);
  }

  static SourceMigration sourceMigration(MigrationTestCluster c, int nm, int readTimeoutMs)
      throws Exception {
    ContainerCheckpointer cp = new ContainerCheckpointer(new Criu("criu"),
        CgroupFreezers.detect(), c.nodeId(nm).toString(), 10_000);
    TransferSettings settings = TransferSettings.defaults().withConnectTimeoutMs(5_000)
        .withReadTimeoutMs(readTimeoutMs);
    return new SourceMigration(cp, new ImageSender(settings), c.nodeId(nm).toString());
  }

  /** NM2's restore container restores m; then the source completes and the target ends. */
  private void restoreAndComplete(String m, Container target, SourceMigration.Shipped shipped)
      throws Exception {
    TargetSide tm = cluster.target(1, m, target);
    pending.add(tm);
    if (!tm.awaitRestored(60_000)) {
      fail("not restored: " + cluster.status(target) + "\n" + tm.diagnostics());
    }
    shipped.complete();
    tm.finish();
    pending.clear();
  }

  /**
   * The counter went on in the target's work dir: every line before the freeze, then the
   * next one (not restarted), and {@code ahead} more.
   */
  private static void assertCountContinued(File targetWork, List<String> dumped, int ahead)
      throws Exception {
    int dumpedCount = Integer.parseInt(dumped.get(dumped.size() - 1));
    Workload.awaitCount(targetWork, dumpedCount + ahead, 20_000);
    List<String> lines = Workload.counterLines(targetWork);
    assertEquals("all pre-migration lines kept", dumped, lines.subList(0, dumped.size()));
    assertEquals("continued, not restarted", String.valueOf(dumpedCount + 1),
        lines.get(dumped.size()));
  }

  /** A source whose stop-and-copy streams every tree's pages to the target while it dumps. */
  static SourceMigration streamingSourceMigration(MigrationTestCluster c, int nm)
      throws Exception {
    ContainerCheckpointer cp = new ContainerCheckpointer(new Criu("criu"),
        CgroupFreezers.detect(), c.nodeId(nm).toString(), 10_000);
    return new SourceMigration(cp, new ImageSender(TransferSettings.defaults()
        .withConnectTimeoutMs(5_000).withReadTimeoutMs(30_000)), c.nodeId(nm).toString(), 0L);
  }

  /** The page files (pagemaps, pages) directly in a directory. */
  private static List<String> pageFiles(File dir) {
    List<String> out = new java.util.ArrayList<>();
    String[] names = dir.list();
    if (names != null) {
      for (String n : names) {
        if (n.matches("(pagemap|pages)-[0-9]+\\.img")) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** Pids of processes whose command line holds every one of parts. */
  private static List<Integer> processesNaming(String... parts) throws IOException {
    List<Integer> out = new java.util.ArrayList<>();
    File[] procs = new File("/proc").listFiles();
    for (File p : procs == null ? new File[0] : procs) {
      if (!p.getName().matches("[0-9]+")) {
        continue;
      }
      String cmd;
      try {
        cmd = new String(Files.readAllBytes(new File(p, "cmdline").toPath()),
            StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (IOException gone) {
        continue;
      }
      boolean all = !cmd.isEmpty();
      for (String part : parts) {
        all &= cmd.contains(part);
      }
      if (all) {
        out.add(Integer.parseInt(p.getName()));
      }
    }
    return out;
  }

  /** No pages directory of the migration under NM2's image dirs, no page server of it. */
  private static void assertNoStreamedPagesLeft(String m) throws Exception {
    for (java.nio.file.Path root : cluster.receivedImages(1).getRoots()) {
      File pages = root.resolve(m + org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages.PAGES_SUFFIX).toFile();
      assertFalse(pages + " gone", pages.exists());
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (!processesNaming("page-server", m).isEmpty()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals("no page server of " + m + " left", Collections.emptyList(),
        processesNaming("page-server", m));
  }

  /**
   * Streaming stop-and-copy with real CRIU and NodeManagers: NM1's dump sends the tree's
   * pages to a page server on NM2 while it dumps, over the authenticated page stream. No
   * page file is written on NM1; NM2's received images hold them (merged in when the rest
   * arrived); the restored tree counts on from where it was frozen; no page server and no
   * pages directory is left.
   */
  @Test
  public void givenStreamedPages_whenMigrated_thenNoPageOnTheSourcesDiskAndTheCountGoesOn()
      throws Exception {
    String m = "m-streamed-" + System.currentTimeMillis();
    Container source = start(0, Workload.command(), Collections.<String, String>emptyMap());
    cluster.launcherPid(source);
    File sourceWork = cluster.workDir(source);
    Workload.awaitCount(sourceWork, 5, 20_000);
    SourceMigration sm = streamingSourceMigration(cluster, 0);
    SourceMigration.Checkpointed cp = sm.checkpoint(request(source, m),
        cluster.transferAddress(1), TransferToken.create(KEY, m));
    File outgoingImages = new File(SourceMigration.outgoingDir(cluster.localDirs(0).get(0), m),
        MigrationContract.IMAGES_DIR);
    assertEquals("no page written on NM1", Collections.emptyList(),
        pageFiles(outgoingImages));
    assertTrue("the core images are on NM1: " + java.util.Arrays.toString(
        outgoingImages.list()), new File(outgoingImages, "inventory.img").exists());
    SourceMigration.Shipped shipped = sm.ship(cp);
    pending.add(shipped);
    File received = new File(cluster.receivedImages(1).find(m).toFile(),
        MigrationContract.IMAGES_DIR);
    assertFalse("NM2's images hold the streamed pages", pageFiles(received).isEmpty());
    assertNoStreamedPagesLeft(m);
    List<String> dumped = Workload.counterLines(new File(received.getParentFile(),
        MigrationContract.WORKDIR_COPY_DIR));

    Container target = cluster.startRestore(1, m, source.getId());
    started.add(target);
    restoreAndComplete(m, target, shipped);
    assertEquals(MigrationContract.EXIT_MIGRATED, cluster.awaitExit(source, 30_000));
    assertCountContinued(cluster.workDir(target), dumped, 5);
    assertNoFreezer(source);
    assertNoImages(m);
    cluster.stop(target);
  }

  /**
   * The target's page server dies before the source's dump sends it a page: the dump
   * fails, the checkpoint fails naming the page stream, the source thaws and counts on in
   * the same processes; once the target's images of the migration are discarded (the RM's
   * abort), no pages directory and no page server is left there.
   */
  @Test
  public void givenTheTargetsPageServerKilled_whenDumping_thenTheCheckpointFailsAndSourceRunsOn()
      throws Exception {
    String m = "m-psdead-" + System.currentTimeMillis();
    Container c = start(0, Workload.command(), Collections.<String, String>emptyMap());
    cluster.launcherPid(c);
    File work = cluster.workDir(c);
    Workload.awaitCount(work, 5, 20_000);
    ImageSender sender = new ImageSender(TransferSettings.defaults()
        .withConnectTimeoutMs(5_000).withReadTimeoutMs(30_000));
    ContainerCheckpointer checkpointer = new ContainerCheckpointer(new Criu("criu"),
        CgroupFreezers.detect(), cluster.nodeId(0).toString(), 10_000);
    CheckpointRequest r = request(c, m);
    try {
      checkpointer.checkpoint(r, org.apache.hadoop.yarn.server.nodemanager.migration
          .checkpoint.TargetCheck.NOT_ASKED, expected -> {
            org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream.Remote
                stream = sender.openPageDump(cluster.transferAddress(1), m,
                    TransferToken.create(KEY, m), expected);
            List<Integer> servers = processesNaming("page-server", m);
            assertEquals("one page server of " + m + " on NM2", 1, servers.size());
            org.apache.hadoop.criu.ProcessTree.signal(servers.get(0), "KILL");
            try {
              assertTrue(org.apache.hadoop.criu.ProcessTree.awaitExit(servers.get(0), 10_000));
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return stream;
          });
      fail("checkpointed with its page server dead");
    } catch (org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint
        .CheckpointException e) {
      LOG.info("Expected failure: {}", e.getMessage());
      assertTrue(e.getMessage(), e.getMessage().startsWith("Checkpoint of " + c.getId()));
    }
    int before = Workload.lastCount(work);
    Workload.awaitCount(work, before + 5, 10_000);
    assertNoFreezer(c);
    assertFalse("no checkpoint left on NM1", r.getOutputDir().exists());
    // what the RM's abort does on the target
    cluster.aux(1).getReceivedImages().discard(m);
    assertNoStreamedPagesLeft(m);
    assertNoImages(m);
    cluster.stop(c);
  }

  private static CheckpointRequest request(Container c, String m) throws Exception {
    return new CheckpointRequest(c.getId().toString(), cluster.launcherPid(c),
        cluster.workDir(c), cluster.logDir(c), m,
        SourceMigration.outgoingDir(cluster.localDirs(0).get(0), m));
  }

  private static void assertNoImages(String m) throws InterruptedException {
    // a receiver whose sender vanished notices it within its read timeout, then cleans up
    long deadline = System.currentTimeMillis() + 20_000;
    while (cluster.receivedImages(1).find(m) != null || anyReceivedDir(m)) {
      if (System.currentTimeMillis() > deadline) {
        break;
      }
      Thread.sleep(100);
    }
    assertFalse("NM1's checkpoint dir gone",
        SourceMigration.outgoingDir(cluster.localDirs(0).get(0), m).exists());
    assertNull("no received images on NM1", cluster.receivedImages(0).find(m));
    assertNull("no received images on NM2", cluster.receivedImages(1).find(m));
    for (String d : cluster.localDirs(1)) {
      File dir = new File(new File(d, cluster.receivedImages(1).getDirName()), m);
      assertFalse(dir + " gone", dir.exists());
      assertFalse(dir + ".partial gone", new File(dir.getPath() + ".partial").exists());
    }
  }

  private static boolean anyReceivedDir(String m) {
    for (String d : cluster.localDirs(1)) {
      File dir = new File(new File(d, cluster.receivedImages(1).getDirName()), m);
      if (dir.exists() || new File(dir.getPath() + ".partial").exists()) {
        return true;
      }
    }
    return false;
  }

  private static void assertNoFreezer(Container c) {
    assertFalse("freezer cgroup removed", new File("/sys/fs/cgroup/freezer/"
        + ContainerCheckpointer.cgroupName(c.getId().toString())).exists());
  }

  @Test
  public void givenStatefulContainerOnNm1_whenMigratedOverTransferPort_thenStateContinuesOnNm2()
      throws Exception {
    String m = "m-n2n-" + System.currentTimeMillis();
    Container source = start(0, Workload.command(), Collections.<String, String>emptyMap());
    int launcher = cluster.launcherPid(source);
    File sourceWork = cluster.workDir(source);
    Workload.awaitCount(sourceWork, 10, 20_000);
    ProcSnapshot sourceProcs = ProcSnapshot.ofTree(launcher)
        .addAll(MigrationTestCluster.processesOf(source.getId()));
    assertTrue("launcher, unshare, ns init, cat, sleep: " + sourceProcs, sourceProcs.size() >= 4);

    // When: checkpointed on NM1 and shipped over NM2's transfer port
    SourceMigration.Shipped shipped = migrate(sourceMigration(cluster, 0), request(source, m),
        cluster.transferAddress(1), TransferToken.create(KEY, m));
    pending.add(shipped);
    LOG.info("MIGRATION-METRICS workload=bash-counter {}", shipped);
    File received = cluster.receivedImages(1).find(m).toFile();
    List<String> dumped = Workload.counterLines(new File(received, "workdir"));
    int dumpedCount = Integer.parseInt(dumped.get(dumped.size() - 1));
    assertEquals("frozen: the counter does not move", dumpedCount, Workload.lastCount(sourceWork));

    // an AM names the migration in a launch context of its own: no restore ticket, so
    // its container restores nothing, and the images stay for the RM's target
    Container intruder = start(1, "sleep 60",
        Collections.singletonMap(MigrationContract.RESTORE_ENV, m));
    assertFalse("the intruder ran", cluster.awaitExit(intruder, 30_000) == 0);
    String refused = cluster.status(intruder).getDiagnostics();
    assertTrue(refused, refused.contains("migration " + m + " has no restore ticket on this"
        + " node: only the container the ResourceManager names for it restores it"));
    assertEquals("the images wait for the RM's target", TargetMigrations.State.RECEIVED,
        cluster.aux(1).getTargetMigrations().state(m));
    assertTrue("images kept", received.isDirectory());

    // the restore container on NM2, with the ticket the RM would issue it
    Container target = cluster.startRestore(1, m, source.getId());
    started.add(target);
    assertFalse(intruder.getId() + " got a ticket of " + m + " after the RM's target did",
        cluster.aux(1).getAgent().prepareRestore(org.apache.hadoop.yarn.server.api.migration
            .protocolrecords.PrepareRestoreRequest.newInstance(m, source.getId(),
                intruder.getId())).getReady());
    restoreAndComplete(m, target, shipped);

    // Then: the source ended as migrated, nothing of it remains on NM1
    assertEquals(MigrationContract.EXIT_MIGRATED, cluster.awaitExit(source, 30_000));
    assertEquals(Collections.emptyList(), sourceProcs.survivors());
    assertNoFreezer(source);
    assertNoImages(m);

    // the counter continued in the target's work dir: all pre-migration lines, then dumped+1
    File targetWork = cluster.workDir(target);
    assertCountContinued(targetWork, dumped, 10);
    String stdout = new String(Files.readAllBytes(
        new File(cluster.logDir(target), "stdout").toPath()), StandardCharsets.UTF_8);
    assertTrue("new output in NM2's stdout: " + stdout,
        stdout.contains("count " + (dumpedCount + 1) + "\n"));
    assertFalse("no pre-migration output in NM2's stdout", stdout.contains("count 1\n"));
    List<String> child = Files.readAllLines(new File(targetWork, Workload.CHILD_FILE).toPath());
    assertTrue("the piped child runs on", child.contains(String.valueOf(dumpedCount + 5)));

    // stopping the restored container leaves no process
    ProcSnapshot targetProcs = ProcSnapshot.ofTree(cluster.launcherPid(target))
        .addAll(MigrationTestCluster.processesOf(target.getId()))
        .addAll(MigrationTestCluster.processesOf(source.getId()));
    assertTrue("launcher, unshare/criu, restored init, cat: " + targetProcs, targetProcs.size() >= 4);
    cluster.stop(target);
    awaitNoSurvivors(targetProcs, 10_000);
    assertEquals(Collections.emptyList(), MigrationTestCluster.processesOf(source.getId()));
    assertEquals(Collections.emptyList(), MigrationTestCluster.processesOf(target.getId()));
  }

  /**
   * Every command of the NM agent checks the migration id it is given first: ids that
   * would climb out of a directory, carry a line break into the log or name a partial
   * transfer are refused with the reason, and nothing is recorded or touched (the agent's
   * frozen sources unchanged, the container running, no freezer, no checkpoint dir).
   */
  @Test
  public void givenBadMigrationIds_whenAnyAgentCommandCarriesOne_thenRefusedAtTheEdge()
      throws Exception {
    Container c = start(0, Workload.command(), Collections.<String, String>emptyMap());
    NodeMigrationAgent agent = cluster.aux(0).getAgent();
    String transfer = "127.0.0.1:" + cluster.transferAddress(1).getPort();
    java.util.Set<String> frozenBefore = new java.util.HashSet<>(agent.getPendingSources());
    for (String bad : new String[] {"../../../../etc", "m/1", "a\nINFO forged line", "",
        ".hidden", "m-1.partial", "m-1.pages", null}) {
      List<java.util.concurrent.Callable<Object>> calls = java.util.Arrays.asList(
          () -> agent.checkpointContainer(CheckpointContainerRequest.newInstance(bad,
              c.getId(), cluster.nodeId(1), transfer, null, 60_000)),
          () -> agent.shipImages(ShipImagesRequest.newInstance(bad, c.getId())),
          () -> agent.prepareRestore(
              org.apache.hadoop.yarn.server.api.migration.protocolrecords
                  .PrepareRestoreRequest.newInstance(bad, c.getId(), c.getId())),
          () -> agent.getRestoreStatus(
              org.apache.hadoop.yarn.server.api.migration.protocolrecords
                  .GetRestoreStatusRequest.newInstance(bad, c.getId())),
          () -> agent.completeMigration(
              org.apache.hadoop.yarn.server.api.migration.protocolrecords
                  .CompleteMigrationRequest.newInstance(bad, c.getId())),
          () -> agent.abortMigration(AbortMigrationRequest.newInstance(bad, c.getId(),
              "test")));
      for (java.util.concurrent.Callable<Object> call : calls) {
        try {
          Object answer = call.call();
          fail("migration id " + bad + " was taken: " + answer);
        } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
          assertTrue(e.getMessage(), e.getMessage().startsWith("Refused: "
              + (bad == null ? "invalid migration id null" : "invalid migration id '")));
          assertTrue(e.getMessage(), e.getMessage().endsWith("; nothing was done"));
          assertFalse("no line break reaches the message", e.getMessage().contains("\n"));
        }
      }
    }
    assertEquals(frozenBefore, new java.util.HashSet<>(agent.getPendingSources()));
    assertEquals(org.apache.hadoop.yarn.api.records.ContainerState.RUNNING,
        cluster.status(c).getState());
    assertNoFreezer(c);
    File outgoing = SourceMigration.outgoingDir(cluster.localDirs(0).get(0), "x")
        .getParentFile();
    String[] left = outgoing.list();
    assertTrue("checkpoint dirs: " + java.util.Arrays.toString(left),
        left == null || left.length == 0);
  }

  @Test
  public void givenWrongToken_whenShipped_thenRefusedAndSourceRunsOn() throws Exception {
    String m = "m-badtoken-" + System.currentTimeMillis();
    byte[] wrong = TransferToken.create(
        "another-key-not-the-nm-key-012345".getBytes(StandardCharsets.UTF_8), m);
    assertShipFailsAndSourceRunsOn(m, cluster.transferAddress(1), wrong, "token");
  }

  @Test
  public void givenCorruptingProxyBetweenNms_whenShipped_thenDetectedAndSourceRunsOn()
      throws Exception {
    String m = "m-corrupt-" + System.currentTimeMillis();
    try (TransferTestSupport.FaultyProxy proxy = TransferTestSupport.FaultyProxy.corrupting(
        cluster.transferAddress(1), 200_000L)) {
      assertShipFailsAndSourceRunsOn(m, proxy.address(), TransferToken.create(KEY, m),
          "checksum mismatch");
    }
  }

  @Test
  public void givenTargetThatStopsReading_whenShipped_thenFailsWithinTheTimeoutAndSourceRunsOn()
      throws Exception {
    String m = "m-stalled-" + System.currentTimeMillis();
    // the real NM2 receives the handshake, the manifest and the first bytes, then nothing
    try (TransferTestSupport.FaultyProxy proxy = TransferTestSupport.FaultyProxy.stalling(
        cluster.transferAddress(1), 64 * 1024)) {
      assertShipFailsAndSourceRunsOn(m, proxy.address(), TransferToken.create(KEY, m),
          "timed out", 3_000, proxy);
    }
  }

  /**
   * The target's disk is full: a 64 KB file system over each of NM2's image dirs. Its
   * receiver refuses the images before it writes any (the manifest's size exceeds what is
   * usable there), the transfer fails naming the space, the source thaws and counts on, and
   * no image is left on either NodeManager.
   */
  @Test
  public void givenTargetDiskFull_whenShipped_thenRefusedForSpaceAndSourceRunsOn()
      throws Exception {
    String m = "m-diskfull-" + System.currentTimeMillis();
    List<String> mounted = new java.util.ArrayList<>();
    try {
      for (java.nio.file.Path root : cluster.receivedImages(1).getRoots()) {
        Files.createDirectories(root);
        BoundedRun.record("mount", root.toString());
        runRoot("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", root.toString());
        mounted.add(root.toString());
      }
      assertShipFailsAndSourceRunsOn(m, cluster.transferAddress(1), TransferToken.create(KEY, m),
          "not enough space for ");
    } finally {
      for (String root : mounted) {
        runRoot("umount", root);
      }
    }
  }

  /** Runs a command (mount, umount) within 30 s; it must succeed. */
  private static void runRoot(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(String.join(" ", command) + " did not end within 30 s",
        p.waitFor(30, TimeUnit.SECONDS));
    String out = new String(org.apache.commons.io.IOUtils.toByteArray(p.getInputStream()),
        StandardCharsets.UTF_8);
    assertEquals(String.join(" ", command) + ": " + out, 0, p.exitValue());
  }

  private void assertShipFailsAndSourceRunsOn(String m, InetSocketAddress target,
      byte[] token, String expectedCause) throws Exception {
    assertShipFailsAndSourceRunsOn(m, target, token, expectedCause, 30_000, null);
  }

  /**
   * @param readTimeoutMs the sender's read (and write) timeout
   * @param afterFailure closed once the ship failed, before the checks (e.g. a proxy)
   */
  private void assertShipFailsAndSourceRunsOn(String m, InetSocketAddress target,
      byte[] token, String expectedCause, int readTimeoutMs, AutoCloseable afterFailure)
      throws Exception {
    Container c = start(0, Workload.command(), Collections.<String, String>emptyMap());
    cluster.launcherPid(c); // waits for the launch (the work dir is known from then on)
    File work = cluster.workDir(c);
    Workload.awaitCount(work, 5, 20_000);
    SourceMigration sm = sourceMigration(cluster, 0, readTimeoutMs);
    SourceMigration.Checkpointed cp = sm.checkpoint(request(c, m), target, token);
    assertTrue("the dump was measured: " + cp, cp.getDumpMs() > 0);
    try {
      SourceMigration.Shipped s = sm.ship(cp);
      s.abort();
      fail("shipped: " + s);
    } catch (SourceMigration.SourceMigrationException e) {
      LOG.info("Expected failure: {}", e.getMessage());
      assertEquals(SourceMigration.Stage.TRANSFER, e.getStage());
      assertTrue(e.getMessage(), e.getMessage().startsWith("Transfer of " + c.getId()
          + " (migration " + m + ", node " + cluster.nodeId(0) + ") failed: to 127.0.0.1:"
          + target.getPort() + ": "));
      assertTrue(e.getMessage(), e.getMessage().contains(expectedCause));
      // what the RM gets: the cause with the target, no second "Checkpoint of ..." prefix
      assertTrue(e.getCauseForCaller(), e.getCauseForCaller().startsWith("transfer to 127.0.0.1:"
          + target.getPort() + ": "));
      assertTrue(e.getCauseForCaller(), !e.getCauseForCaller().contains("Checkpoint of"));
    } finally {
      if (afterFailure != null) {
        afterFailure.close();
      }
    }
    // thawed and counting; no cgroup; no images on either NM; no restore attempted
    int before = Workload.lastCount(work);
    Workload.awaitCount(work, before + 5, 10_000);
    assertNoFreezer(c);
    assertNoImages(m);
    cluster.stop(c);
  }

  /**
   * The source's watchdog, with no RM: a tree kept frozen past the limit after its images
   * were shipped is thawed once the target gives them up (they were taken by no restore),
   * and one never shipped is thawed at once. The same processes count on, nothing is left
   * frozen, no image stays on either node, and the target will not restore the migration.
   */
  @Test
  public void givenFrozenSourcesTheRMForgot_whenTheWatchdogRuns_thenThawedAndTheTargetGaveUp()
      throws Exception {
    Container c = start(0, Workload.command(), Collections.<String, String>emptyMap());
    int launcher = cluster.launcherPid(c);
    File work = cluster.workDir(c);
    Workload.awaitCount(work, 3, 20_000);
    NodeMigrationAgent source = cluster.aux(0).getAgent();
    String transfer = "127.0.0.1:" + cluster.transferAddress(1).getPort();
    long limit = source.getMaxFrozenMs();
    List<String> tried = new java.util.ArrayList<>();
    try {
      for (boolean ship : new boolean[] {true, false}) {
        String m = "m-watchdog-" + (ship ? "shipped" : "dumped") + "-"
            + System.currentTimeMillis();
        tried.add(m);
        int before = Workload.lastCount(work);
        source.checkpointContainer(CheckpointContainerRequest.newInstance(m, c.getId(),
            cluster.nodeId(1), transfer, null, 60_000));
        if (ship) {
          source.shipImages(ShipImagesRequest.newInstance(m, c.getId()));
          assertEquals(TargetMigrations.State.RECEIVED,
              cluster.aux(1).getTargetMigrations().state(m));
        }
        assertEquals(Collections.singleton(m), source.getPendingSources());
        source.setMaxFrozenMs(-1); // every frozen tree is overdue
        source.watchdogRound(); // what its thread does every period

        assertEquals(m + ": nothing pending on the source", Collections.emptySet(),
            source.getPendingSources());
        // the same tree (its launcher lives) counts on from where it was, 1..N in order
        assertTrue(m + ": the launcher lives", new File("/proc/" + launcher).exists());
        Workload.awaitCount(work, before + 3, 20_000);
        List<String> counted = Workload.counterLines(work);
        for (int i = 0; i < counted.size(); i++) {
          assertEquals(m + ": line " + (i + 1), String.valueOf(i + 1), counted.get(i));
        }
        assertNoFreezer(c);
        assertNoImages(m);
        assertEquals(m + ": the target keeps nothing of it", TargetMigrations.State.NONE,
            cluster.aux(1).getTargetMigrations().state(m));
        source.setMaxFrozenMs(limit);
      }
    } finally {
      source.setMaxFrozenMs(limit);
      for (String m : tried) { // a failed check leaves nothing frozen for the next test
        try {
          source.abortMigration(AbortMigrationRequest.newInstance(m, c.getId(), "cleanup"));
        } catch (Exception e) {
          LOG.warn("cleanup abort of {}: {}", m, e.toString());
        }
      }
    }
    cluster.stop(c);
  }

  /**
   * MIGRATION-METRICS for a process that touched 256 MB (the sizes' figures are the bench's,
   * dev-support/bin/bench).
   */
  @Test
  public void givenMemoryHeavyContainers_whenMigrated_thenMetricsPrinted() throws Exception {
    File script = MemoryWorkload.writeScript(new File(
        System.getProperty("test.build.dir", "target"), "migration-workloads"));
    for (int mb : new int[] {256}) {
      String m = "m-size" + mb + "-" + System.currentTimeMillis();
      Container source = start(0, MemoryWorkload.command(script, mb),
          Collections.<String, String>emptyMap());
      cluster.launcherPid(source);
      File work = cluster.workDir(source);
      Workload.awaitCount(work, 3, 60_000);
      long t0 = System.nanoTime();
      SourceMigration.Shipped shipped = migrate(sourceMigration(cluster, 0),
          request(source, m), cluster.transferAddress(1), TransferToken.create(KEY, m));
      pending.add(shipped);
      Container target = cluster.startRestore(1, m, source.getId());
      started.add(target);
      TargetSide tm = cluster.target(1, m, target);
      pending.add(tm);
      if (!tm.awaitRestored(120_000)) {
        fail("not restored: " + cluster.status(target) + "\n" + tm.diagnostics());
      }
      long downtimeMs = (System.nanoTime() - t0) / 1_000_000L;
      shipped.complete();
      tm.finish();
      pending.clear();
      String line = String.format("MIGRATION-METRICS touchedMB=%d frozenMs(to images acked)=%d"
          + " dumpMs=%d imageBytes=%d shippedBytes=%d transferMs=%d transferMiBps=%.1f"
          + " downtimeMs(freeze to restored)=%d", mb, shipped.getFrozenSoFarMs(),
          shipped.getDumpMs(), shipped.getImageBytes(), shipped.getShippedBytes(),
          shipped.getTransferMs(), shipped.getTransferMiBPerSecond(), downtimeMs);
      LOG.info(line);
      System.out.println(line);
      assertEquals(MigrationContract.EXIT_MIGRATED, cluster.awaitExit(source, 30_000));
      File targetWork = cluster.workDir(target);
      int dumped = Workload.lastCount(work);
      Workload.awaitCount(targetWork, dumped + 3, 30_000);
      assertTrue("image holds the touched memory", shipped.getImageBytes() > mb * 1024L * 1024L);
      ProcSnapshot targetProcs = ProcSnapshot.ofTree(cluster.launcherPid(target))
          .addAll(MigrationTestCluster.processesOf(target.getId()));
      cluster.stop(target);
      awaitNoSurvivors(targetProcs, 10_000);
      assertNoImages(m);
    }
  }

  /** Checkpoint, then ship, as the agent does for the RM's two calls. */
  static SourceMigration.Shipped migrate(SourceMigration sm, CheckpointRequest request,
      InetSocketAddress target, byte[] token) throws Exception {
    return sm.ship(sm.checkpoint(request, target, token));
  }

  /** Where in a checkpoint and its transfer the RM's abort arrives. */
  private enum AbortPoint {
    /** the tree is frozen; CRIU's dump starts now */
    FROZEN,
    /** {@code criu dump} runs */
    DUMPING,
    /** checkpointContainer returned; shipImages not called yet */
    CHECKPOINTED,
    /** shipImages runs: the target's partial dir exists */
    SHIPPING,
    /** shipImages returned: the tree is frozen, the images are on the target */
    SHIPPED
  }

  /**
   * The RM's abort (target first, then source, as RpcNodeMigrationChannel sends it) at each
   * point of a checkpoint and its transfer by the NM agent itself (checkpointContainer, then
   * shipImages, as the RM calls them), with real CRIU, on one container five times: the
   * tree runs on once every time (the same processes, counting on, nothing frozen, no
   * cgroup), the interrupted call says it was aborted, and no image stays on either node,
   * even those that reach the target after its abort.
   */
  @Test
  public void givenAHeavyContainer_whenAbortedAtEachPointOfItsCheckpoint_thenItRunsOnOnce()
      throws Exception {
    File script = MemoryWorkload.writeScript(new File(
        System.getProperty("test.build.dir", "target"), "migration-workloads"));
    Container c = start(0, MemoryWorkload.command(script, 256),
        Collections.<String, String>emptyMap());
    int launcher = cluster.launcherPid(c);
    File work = cluster.workDir(c);
    Workload.awaitCount(work, 3, 60_000);
    NodeMigrationAgent source = cluster.aux(0).getAgent();
    NodeMigrationAgent target = cluster.aux(1).getAgent();
    String transfer = "127.0.0.1:" + cluster.transferAddress(1).getPort();
    for (AbortPoint point : AbortPoint.values()) {
      String m = "m-abort-" + point.name().toLowerCase() + "-" + System.currentTimeMillis();
      ProcSnapshot procs = ProcSnapshot.ofTree(launcher)
          .addAll(MigrationTestCluster.processesOf(c.getId()));
      CompletableFuture<Object> checkpointed = new CompletableFuture<>();
      CountDownLatch gate = new CountDownLatch(point == AbortPoint.CHECKPOINTED ? 1 : 0);
      CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
        try {
          checkpointed.complete(source.checkpointContainer(CheckpointContainerRequest
              .newInstance(m, c.getId(), cluster.nodeId(1), transfer, null, 60_000)));
          if (!gate.await(90, TimeUnit.SECONDS)) {
            return new IllegalStateException("the test never opened the gate");
          }
          return source.shipImages(ShipImagesRequest.newInstance(m, c.getId()));
        } catch (Exception e) {
          checkpointed.complete(e);
          return e;
        }
      });
      awaitPoint(point, m, c, checkpointed, call);
      String targetAnswer = target.abortMigration(AbortMigrationRequest.newInstance(m,
          c.getId(), "test")).getDiagnostics();
      String sourceAnswer = source.abortMigration(AbortMigrationRequest.newInstance(m,
          c.getId(), "test")).getDiagnostics();
      // a second abort while the step still runs gets the same answer
      String sourceAgain = source.abortMigration(AbortMigrationRequest.newInstance(m,
          c.getId(), "test again")).getDiagnostics();
      gate.countDown();
      Object outcome = call.get(90, TimeUnit.SECONDS);
      LOG.info("Abort at {}: target said '{}', source said '{}', the calls: {}", point,
          targetAnswer, sourceAnswer, outcome);
      String expectedSource;
      String expectedTarget = "nothing of it here yet: images that still arrive are"
          + " discarded";
      String expectedOutcome;
      switch (point) {
      case FROZEN:
      case DUMPING:
        expectedSource = "checkpoint in progress: the source is thawed when it ends";
        expectedOutcome = "aborted while the container was being checkpointed; source"
            + " thawed";
        break;
      case CHECKPOINTED:
        expectedSource = "source thawed";
        expectedOutcome = "no checkpoint of migration " + m + " on " + cluster.nodeId(0);
        break;
      case SHIPPING:
        expectedSource = "transfer in progress: the source is thawed when it ends";
        expectedOutcome = "aborted while its images were being shipped; source thawed";
        break;
      default:
        expectedSource = "source thawed";
        expectedTarget = "nothing frozen here; images discarded";
        expectedOutcome = null;
        break;
      }
      assertEquals(point + ": the source's answer", expectedSource, sourceAnswer);
      if (expectedSource.endsWith("in progress: the source is thawed when it ends")) {
        assertEquals(point + ": the source's answer to a second abort", expectedSource,
            sourceAgain);
      }
      assertEquals(point + ": the target's answer", expectedTarget, targetAnswer);
      if (expectedOutcome == null) {
        assertTrue(point + ": " + outcome, outcome instanceof ShipImagesResponse);
      } else {
        assertTrue(point + ": " + outcome, outcome instanceof Exception
            && String.valueOf(((Exception) outcome).getMessage()).contains(expectedOutcome));
      }
      // the same tree runs on, once: every process of it alive, none added, counting
      assertEquals(point + ": the tree's processes", procs.size(), procs.survivors().size());
      assertEquals(point + ": no second copy", procs.size(),
          ProcSnapshot.ofTree(launcher).addAll(MigrationTestCluster.processesOf(c.getId()))
              .size());
      int last = Workload.lastCount(work);
      Workload.awaitCount(work, last + 3, 20_000);
      assertNoFreezer(c);
      assertNoImages(m);
      assertEquals(point + ": nothing pending on the source", Collections.emptySet(),
          source.getPendingSources());
      TargetMigrations.State left = cluster.aux(1).getTargetMigrations().state(m);
      assertTrue(point + ": no images held on the target (" + left + ")",
          left == TargetMigrations.State.NONE || left == TargetMigrations.State.ABORTED);
    }
    criuKilledWhileItDumps(c, launcher, work, source, transfer);
    cluster.stop(c);
  }

  /**
   * The fault matrix's "criu killed" at CHECKPOINTING: {@code criu dump} gets SIGKILL while
   * it dumps the tree. The checkpoint fails naming CRIU, and the tree runs on once (the same
   * processes, counting on, nothing frozen), with no image and nothing pending.
   */
  private void criuKilledWhileItDumps(Container c, int launcher, File work,
      NodeMigrationAgent source, String transfer) throws Exception {
    String m = "m-criu-killed-" + System.currentTimeMillis();
    ProcSnapshot procs = ProcSnapshot.ofTree(launcher)
        .addAll(MigrationTestCluster.processesOf(c.getId()));
    CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
      try {
        return source.checkpointContainer(CheckpointContainerRequest.newInstance(m,
            c.getId(), cluster.nodeId(1), transfer, null, 60_000));
      } catch (Exception e) {
        return e;
      }
    });
    long deadline = System.nanoTime() + 60_000_000_000L;
    int criu;
    while ((criu = criuDumpPid(m)) < 0) {
      assertTrue("criu dump of " + m + " never seen; the call: "
          + (call.isDone() ? call.get() : "runs"), !call.isDone()
          && System.nanoTime() - deadline < 0);
      Thread.sleep(2);
    }
    Process kill = new ProcessBuilder("kill", "-9", Integer.toString(criu)).start();
    assertTrue(kill.waitFor(30, TimeUnit.SECONDS));
    Object outcome = call.get(90, TimeUnit.SECONDS);
    LOG.info("criu dump (pid {}) killed during {}: {}", criu, m, outcome);
    assertTrue("the checkpoint must fail: " + outcome, outcome instanceof Exception);
    assertEquals("the tree's processes", procs.size(), procs.survivors().size());
    assertEquals("no second copy", procs.size(), ProcSnapshot.ofTree(launcher)
        .addAll(MigrationTestCluster.processesOf(c.getId())).size());
    int last = Workload.lastCount(work);
    Workload.awaitCount(work, last + 3, 20_000);
    assertNoFreezer(c);
    assertNoImages(m);
    assertEquals("nothing pending on the source", Collections.emptySet(),
        source.getPendingSources());
    assertTrue("no criu process of " + m + " left", criuDumpPid(m) < 0);
  }

  /** Waits (60 s at most) until the checkpoint of migration m reaches the point. */
  private static void awaitPoint(AbortPoint point, String m, Container c,
      CompletableFuture<Object> checkpointed, CompletableFuture<Object> call)
      throws Exception {
    File freezerState = new File("/sys/fs/cgroup/freezer/"
        + ContainerCheckpointer.cgroupName(c.getId().toString()), "freezer.state");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() - deadline < 0) {
      if (call.isDone() && point != AbortPoint.SHIPPED) {
        fail(point + " never seen: the calls ended first with " + call.get());
      }
      boolean there;
      switch (point) {
      case FROZEN:
        there = freezerState.isFile() && new String(Files.readAllBytes(
            freezerState.toPath()), StandardCharsets.UTF_8).trim().equals("FROZEN");
        break;
      case DUMPING:
        there = criuDumpRuns(m);
        break;
      case CHECKPOINTED:
        there = checkpointed.isDone();
        if (there && checkpointed.get() instanceof Exception) {
          throw (Exception) checkpointed.get();
        }
        break;
      case SHIPPING:
        there = anyReceivedDir(m);
        break;
      default:
        there = call.isDone();
        if (there && call.get() instanceof Exception) {
          throw (Exception) call.get();
        }
        break;
      }
      if (there) {
        return;
      }
      Thread.sleep(2);
    }
    fail(point + " not reached within 60 s");
  }

  /** Whether a {@code criu dump} of migration m runs (its images dir names m). */
  private static boolean criuDumpRuns(String m) {
    return criuDumpPid(m) > 0;
  }

  /** The pid of a {@code criu dump} of migration m (its images dir names m), or -1. */
  private static int criuDumpPid(String m) {
    return ProcSnapshot.criuPid("dump", m);
  }

  static void awaitNoSurvivors(ProcSnapshot s, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!s.survivors().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(Collections.emptyList(), s.survivors());
  }

  /** A python3 process that touches N MB of memory, then counts like {@link Workload}. */
  static final class MemoryWorkload {
    static final String SCRIPT = String.join("\n",
        "import sys, time",
        "n = int(sys.argv[1]) << 20",
        "mem = bytearray(b'\\x5a') * n  # every page written: resident, dumped by CRIU",
        "i = 0",
        "while True:",
        "    i += 1",
        "    with open('" + Workload.COUNTER_FILE + "', 'a') as f:",
        "        f.write('%d\\n' % i)",
        "    print('count %d (%d MB held)' % (i, len(mem) >> 20), flush=True)",
        "    time.sleep(0.1)",
        "");

    static File writeScript(File dir) throws IOException {
      dir.mkdirs();
      File f = new File(dir, "memory-workload.py").getAbsoluteFile();
      Files.write(f.toPath(), SCRIPT.getBytes(StandardCharsets.UTF_8));
      return f;
    }

    static String command(File script, int mb) {
      return "python3 " + script.getPath() + " " + mb
          + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
          + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    }
  }
}
