/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** The RM's record of committed moves on a (local) Hadoop file system. */
public class TestFileSystemMigrationIdStore {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final ApplicationId app = ApplicationId.newInstance(1000L, 7);
  private final ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(app, 1);
  private final ContainerId a = ContainerId.newContainerId(attempt, 2);
  private final ContainerId b = ContainerId.newContainerId(attempt, 3);

  private FileSystemMigrationIdStore store() throws Exception {
    return new FileSystemMigrationIdStore(new Path(tmp.getRoot().toURI()), new Configuration());
  }

  @Test
  public void givenARecord_whenStoredReplacedAndRemoved_thenLoadSeesEachVersion()
      throws Exception {
    FileSystemMigrationIdStore store = store();
    store.store(app, new MigrationIdStore.AppIds(Collections.singletonList(
        new ContainerId[] {a, b}), Collections.singleton(a)));
    MigrationIdStore.AppIds ids = store().load().get(app);
    assertEquals(1, ids.getMoves().size());
    assertEquals(Arrays.asList(a, b), Arrays.asList(ids.getMoves().get(0)));
    assertEquals(Collections.singleton(a), ids.getHiddenSources());
    assertEquals("0600: only the RM reads it", "rw-------", String.join("",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
            new File(tmp.getRoot(), app.toString()).toPath()))));

    store.store(app, new MigrationIdStore.AppIds(Collections.singletonList(
        new ContainerId[] {a, b}), Collections.<ContainerId>emptySet()));
    assertTrue(store.load().get(app).getHiddenSources().isEmpty());
    assertFalse("written beside, renamed over", new File(tmp.getRoot(), app + ".tmp").exists());

    store.remove(app);
    assertTrue(store.load().isEmpty());
    store.remove(app);
  }

  /**
   * A final report travels whole (every field the CLI and REST show); a report of another
   * application's migration, or one not final, makes the record unreadable.
   */
  @Test
  public void givenAFinalReport_whenStoredAndLoaded_thenItComesBackWhole() throws Exception {
    org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport r =
        org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport.newInstance();
    r.setMigrationId("migration_1000_0003");
    r.setContainerId(a);
    r.setTargetContainerId(b);
    r.setApplicationId(app);
    r.setState(org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.FAILED);
    r.setDiagnostics("RESTORE_FAILED: Restore of " + a + " failed: line one\nline two");
    r.setSubmitTime(1234L);
    r.setFinishTime(5678L);
    FileSystemMigrationIdStore store = store();
    store.store(app, new MigrationIdStore.AppIds(Collections.<ContainerId[]>emptyList(),
        Collections.<ContainerId>emptySet(),
        Collections.<MigrationIdStore.InFlight>emptyList(), Collections.singletonList(r)));
    MigrationIdStore.AppIds ids = store().load().get(app);
    assertEquals(Collections.singletonList(r), ids.getReports());

    r.setState(org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState
        .CHECKPOINTING);
    store.store(app, new MigrationIdStore.AppIds(Collections.<ContainerId[]>emptyList(),
        Collections.<ContainerId>emptySet(),
        Collections.<MigrationIdStore.InFlight>emptyList(), Collections.singletonList(r)));
    assertTrue("a report that is not final: the record is left out",
        store().load().isEmpty());
  }

  @Test
  public void givenUnreadableRecords_whenLoaded_thenLeftOutAndTheOthersRead() throws Exception {
    FileSystemMigrationIdStore store = store();
    store.store(app, new MigrationIdStore.AppIds(Collections.singletonList(
        new ContainerId[] {a, b}), Collections.<ContainerId>emptySet()));
    ApplicationId other = ApplicationId.newInstance(1000L, 8);
    Files.write(new File(tmp.getRoot(), other.toString()).toPath(),
        ("moved " + a + " " + b + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(new File(tmp.getRoot(), ApplicationId.newInstance(1000L, 9).toString())
        .toPath(), "rm -rf /\n".getBytes(StandardCharsets.UTF_8));
    Files.write(new File(tmp.getRoot(), "not-an-application").toPath(),
        "hidden x\n".getBytes(StandardCharsets.UTF_8));
    ApplicationId badFlight = ApplicationId.newInstance(1000L, 10);
    ContainerId c10 = ContainerId.newContainerId(
        org.apache.hadoop.yarn.api.records.ApplicationAttemptId.newInstance(badFlight, 1), 2);
    Files.write(new File(tmp.getRoot(), badFlight.toString()).toPath(),
        ("inflight ../../etc " + c10 + " h1:1 " + c10 + " h2:1 STOP_AND_COPY pending\n")
            .getBytes(StandardCharsets.UTF_8));
    Map<ApplicationId, MigrationIdStore.AppIds> all = store.load();
    assertEquals("another app's containers, a line that is no record, a stray file, a"
        + " migration id that is no id: left out", Collections.singleton(app), all.keySet());
  }

  @Test
  public void givenTheConfiguration_whenTheStoreIsMade_thenOnlyWithRecovery() throws Exception {
    Configuration conf = new YarnConfiguration();
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, false);
    assertSame(MigrationIdStore.NONE, FileSystemMigrationIdStore.fromConfiguration(conf));
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    File dir = new File(tmp.getRoot(), "store");
    conf.set(MigrationConfiguration.RM_MIGRATION_STATE_STORE_URI, dir.toURI().toString());
    MigrationIdStore store = FileSystemMigrationIdStore.fromConfiguration(conf);
    store.store(app, new MigrationIdStore.AppIds(Collections.singletonList(
        new ContainerId[] {a, b}), Collections.<ContainerId>emptySet()));
    assertTrue(new File(dir, app.toString()).isFile());
    conf.unset(MigrationConfiguration.RM_MIGRATION_STATE_STORE_URI);
    conf.set("hadoop.tmp.dir", tmp.getRoot().getPath());
    FileSystemMigrationIdStore.fromConfiguration(conf);
    assertTrue("default under hadoop.tmp.dir",
        new File(tmp.getRoot(), "yarn/system/migration-store").isDirectory());
  }
}
