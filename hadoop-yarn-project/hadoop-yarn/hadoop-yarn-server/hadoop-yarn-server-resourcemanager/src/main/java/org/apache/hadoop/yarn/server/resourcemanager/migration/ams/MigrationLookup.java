/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationManager;

/**
 * How pieces that Hadoop instantiates by class name (AMS processors, servlet filters) find
 * the {@link MigrationManager} of THEIR ResourceManager: keyed by the RM's
 * {@link RMContext} (identity; weakly held), so two RMs in one JVM never see each other's
 * manager.
 *
 * <ul>
 * <li>The manager registers itself with its RMContext when it starts and unregisters
 *   when it stops; managers come and go with the RM's active services (HA), so look the
 *   manager up per call instead of caching it.</li>
 * <li>A servlet filter only gets a Configuration: {@link #nameOf(ResourceManager)} gives
 *   the RM a JVM-unique name that travels in the RM's configuration ({@link MigrationConfiguration#RM_MIGRATION_INTERNAL_RM_NAME});
 *   {@link #managerOfNamed(String)} maps it back to the manager of the RM's current
 *   context.</li>
 * </ul>
 */
public final class MigrationLookup {

  private static final Map<RMContext, MigrationManager> MANAGERS =
      Collections.synchronizedMap(new WeakHashMap<RMContext, MigrationManager>());
  private static final Map<ResourceManager, String> NAMES =
      Collections.synchronizedMap(new WeakHashMap<ResourceManager, String>());
  private static final Map<String, WeakReference<ResourceManager>> RMS =
      Collections.synchronizedMap(new HashMap<String, WeakReference<ResourceManager>>());
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private MigrationLookup() {
  }

  /** The manager now serving {@code context}; replaces an earlier one. */
  public static void register(RMContext context, MigrationManager manager) {
    MANAGERS.put(context, manager);
  }

  /** Removes {@code manager}, unless another one has replaced it already. */
  public static void unregister(RMContext context, MigrationManager manager) {
    synchronized (MANAGERS) {
      if (MANAGERS.get(context) == manager) {
        MANAGERS.remove(context);
      }
    }
  }

  /** The running manager of {@code context}, or null (migration not active there). */
  public static MigrationManager managerOf(RMContext context) {
    return context == null ? null : MANAGERS.get(context);
  }

  /** A JVM-unique name for {@code rm} (the same on every call). */
  public static String nameOf(ResourceManager rm) {
    synchronized (NAMES) {
      String name = NAMES.get(rm);
      if (name == null) {
        name = "rm-" + SEQUENCE.incrementAndGet();
        NAMES.put(rm, name);
        RMS.put(name, new WeakReference<ResourceManager>(rm));
      }
      return name;
    }
  }

  /**
   * The running manager of the RM named {@code name} (its current RMContext: 3.1.0
   * replaces the context when it goes back to standby), or null.
   */
  public static MigrationManager managerOfNamed(String name) {
    WeakReference<ResourceManager> ref = name == null ? null : RMS.get(name);
    ResourceManager rm = ref == null ? null : ref.get();
    return rm == null ? null : managerOf(rm.getRMContext());
  }
}
