/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.Context;

/**
 * The one seam that links the NodeManager's {@link Context} to the migration agent.
 *
 * <p>Why it exists: in Hadoop 3.1.0 an {@code AuxiliaryService} is created by
 * {@code AuxServices.serviceInit} with {@code ReflectionUtils.newInstance(cls, conf)} and
 * never receives the NM's Context, but {@code ContainerExecutor.init(Context)} does, and
 * {@code NodeManager.serviceInit} calls {@code exec.init(context)} (byte offset 179 in
 * 3.1.0) long before {@code CompositeService.serviceInit} inits the ContainerManager and,
 * through it, the aux services (checked with {@code javap -c}; guarded by
 * {@code TestNodeManagerSeam}). The CheckpointableContainerExecutor registers the Context
 * here; the agent looks it up lazily, at command time.
 *
 * <p>Key: the NM's configured {@code yarn.nodemanager.local-dirs} (trimmed, comma-joined).
 * Both the executor and the aux service see the NM's configuration, and no two
 * NodeManagers may share local dirs (MiniYARNCluster gives each NM its own), so several
 * NMs in one JVM never mix up. A restarted NM with the same dirs replaces its entry.
 */
public final class NodeManagerSeam {

  private static final Map<String, Context> CONTEXTS = new ConcurrentHashMap<>();
  private static final Map<String, MigrationAuxService> AUX = new ConcurrentHashMap<>();

  private NodeManagerSeam() {
  }

  /** @return the key of the NM that owns {@code conf} */
  public static String keyOf(Configuration conf) {
    String[] dirs = conf.getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS,
        YarnConfiguration.DEFAULT_NM_LOCAL_DIRS);
    return String.join(",", dirs);
  }

  /** Called by the executor's {@code init(Context)}. */
  public static void register(Configuration conf, Context context) {
    if (conf != null && context != null) {
      CONTEXTS.put(keyOf(conf), context);
    }
  }

  /** Forgets the NM's Context (only if it is still this one). */
  public static void unregister(Configuration conf, Context context) {
    if (conf != null && context != null) {
      CONTEXTS.remove(keyOf(conf), context);
    }
  }

  /** @return the Context of the NM that owns {@code conf}, or null if none registered */
  public static Context find(Configuration conf) {
    return CONTEXTS.get(keyOf(conf));
  }

  /**
   * @return the Context of the NM that owns {@code conf}
   * @throws IllegalStateException naming the fix if none is registered
   */
  public static Context get(Configuration conf) {
    Context c = find(conf);
    if (c == null) {
      throw new IllegalStateException("The NodeManager's context is unknown to the migration"
          + " agent (no CheckpointableContainerExecutor initialised with local dirs '"
          + keyOf(conf) + "'): set yarn.nodemanager.container-executor.class to"
          + " org.apache.hadoop.yarn.server.nodemanager.migration.executor."
          + "CheckpointableContainerExecutor");
    }
    return c;
  }

  /** Called by {@link MigrationAuxService#serviceInit}: tools and tests find it by NM. */
  static void registerAuxService(Configuration conf, MigrationAuxService aux) {
    AUX.put(keyOf(conf), aux);
  }

  static void unregisterAuxService(Configuration conf, MigrationAuxService aux) {
    if (conf != null) {
      AUX.remove(keyOf(conf), aux);
    }
  }

  /**
   * @param nmConf the NodeManager's configuration ({@code NodeManager.getConfig()})
   * @return that NM's migration aux service, or null
   */
  public static MigrationAuxService auxService(Configuration nmConf) {
    return AUX.get(keyOf(nmConf));
  }
}
