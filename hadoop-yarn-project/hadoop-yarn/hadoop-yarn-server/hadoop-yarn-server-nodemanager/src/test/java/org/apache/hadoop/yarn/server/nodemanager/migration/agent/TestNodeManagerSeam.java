/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.io.File;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Guards the 3.1.0 seam {@link NodeManagerSeam} relies on: a real {@link NodeManager}
 * (init only) must call {@code ContainerExecutor.init(Context)} BEFORE it inits the aux
 * services, so the aux service's agent finds the NM's Context by the NM's local dirs. If a
 * Hadoop upgrade changes that order, this test fails (the seam would still work lazily, but
 * the assumption documented in NodeManagerSeam would be wrong). Two NMs with their own
 * local dirs in one JVM get their own Contexts.
 */
public class TestNodeManagerSeam {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  /** Records what the seam held when the NM initialised the aux service. */
  public static class RecordingAuxService extends MigrationAuxService {
    static volatile Context seenAtInit;

    @Override
    protected void serviceInit(Configuration conf) throws Exception {
      seenAtInit = NodeManagerSeam.find(conf);
      super.serviceInit(conf);
    }
  }

  private static Configuration nmConf(File base) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, new File(base, "local").getAbsolutePath());
    conf.set(YarnConfiguration.NM_LOG_DIRS, new File(base, "log").getAbsolutePath());
    conf.set(YarnConfiguration.NM_CONTAINER_EXECUTOR,
        CheckpointableContainerExecutor.class.getName());
    conf.set(YarnConfiguration.NM_AUX_SERVICES, MigrationAuxService.SERVICE_NAME);
    conf.set(String.format(YarnConfiguration.NM_AUX_SERVICE_FMT,
        MigrationAuxService.SERVICE_NAME), RecordingAuxService.class.getName());
    conf.setInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_PORT, 0);
    conf.set(MigrationConfiguration.NM_MIGRATION_TRANSFER_BIND_HOST, "127.0.0.1");
    conf.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
    conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "127.0.0.1:0");
    conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, "127.0.0.1:0");
    return conf;
  }

  private static Context initNm(NodeManager nm, File base) {
    FileUtil.fullyDelete(base);
    new File(base, "local").mkdirs();
    new File(base, "log").mkdirs();
    RecordingAuxService.seenAtInit = null;
    nm.init(nmConf(base));
    return nm.getNMContext();
  }

  @Test
  public void givenHadoop310NodeManager_whenInitialised_thenExecutorRegisteredContextBeforeAuxInit()
      throws Exception {
    File root = new File(System.getProperty("test.build.dir", "target"), "TestNodeManagerSeam");
    NodeManager nm1 = new NodeManager();
    NodeManager nm2 = new NodeManager();
    try {
      Context c1 = initNm(nm1, new File(root, "nm1"));
      Context seen1 = RecordingAuxService.seenAtInit;
      assertNotNull("3.1.0 init order changed: ContainerExecutor.init(Context) did not run"
          + " before the aux services were initialised; NodeManagerSeam must be revisited",
          seen1);
      assertSame(c1, seen1);
      Context c2 = initNm(nm2, new File(root, "nm2"));
      assertSame("second NM in the JVM: its own Context", c2, RecordingAuxService.seenAtInit);
      assertSame(c1, NodeManagerSeam.get(nm1.getConfig()));
      assertSame(c2, NodeManagerSeam.get(nm2.getConfig()));
      assertNotNull(NodeManagerSeam.auxService(nm1.getConfig()));
      assertNull(NodeManagerSeam.find(nmConf(new File(root, "nm3"))));
    } finally {
      nm1.stop();
      nm2.stop();
    }
  }
}
