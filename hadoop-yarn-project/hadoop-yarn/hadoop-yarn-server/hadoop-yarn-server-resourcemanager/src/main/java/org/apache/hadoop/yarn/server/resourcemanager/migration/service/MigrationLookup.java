/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.service;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;

/**
 * How pieces that Hadoop instantiates by class name (AMS processors, servlet filters, the
 * resource tracker) find the migration parts of THEIR ResourceManager: keyed by the RM's
 * {@link RMContext} (identity; weakly held), then by the part's type, so two RMs in one JVM
 * never see each other's parts, and a piece names only the type it needs (a
 * {@link MigrationService}, the AMS processor's id map, the drainer), never the manager
 * that registers them.
 *
 * <ul>
 * <li>The MigrationManager registers its parts with its RMContext when it starts (the id
 *   map when it is made: after an RM restart, AMs come back before the RM's services all
 *   started) and unregisters them when it stops; managers come and go with the RM's active services
 *   (HA), so look a part up per call instead of caching it.</li>
 * <li>A servlet filter only gets a Configuration: {@link #nameOf(ResourceManager)} gives
 *   the RM a JVM-unique name that travels in the RM's configuration
 *   ({@link MigrationConfiguration#RM_MIGRATION_INTERNAL_RM_NAME});
 *   {@link #findNamed(String, Class)} maps it back to the part of the RM's current
 *   context.</li>
 * </ul>
 */
public final class MigrationLookup {

  private static final Map<RMContext, Map<Class<?>, Object>> PARTS =
      Collections.synchronizedMap(new WeakHashMap<RMContext, Map<Class<?>, Object>>());
  private static final Map<ResourceManager, String> NAMES =
      Collections.synchronizedMap(new WeakHashMap<ResourceManager, String>());
  private static final Map<String, WeakReference<ResourceManager>> RMS =
      Collections.synchronizedMap(new HashMap<String, WeakReference<ResourceManager>>());
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private MigrationLookup() {
  }

  /** The part of type {@code type} now serving {@code context}; replaces an earlier one. */
  public static <T> void register(RMContext context, Class<T> type, T part) {
    synchronized (PARTS) {
      Map<Class<?>, Object> parts = PARTS.get(context);
      if (parts == null) {
        parts = new ConcurrentHashMap<>();
        PARTS.put(context, parts);
      }
      parts.put(type, type.cast(part));
    }
  }

  /** Removes {@code part}, unless another one has replaced it already. */
  public static <T> void unregister(RMContext context, Class<T> type, T part) {
    synchronized (PARTS) {
      Map<Class<?>, Object> parts = PARTS.get(context);
      if (parts != null) {
        parts.remove(type, part);
      }
    }
  }

  /** The running part of type {@code type} of {@code context}, or null. */
  public static <T> T find(RMContext context, Class<T> type) {
    Map<Class<?>, Object> parts = context == null ? null : PARTS.get(context);
    return parts == null ? null : type.cast(parts.get(type));
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
   * The running part of type {@code type} of the RM named {@code name} (its current
   * RMContext: 3.1.0 replaces the context when it goes back to standby), or null.
   */
  public static <T> T findNamed(String name, Class<T> type) {
    WeakReference<ResourceManager> ref = name == null ? null : RMS.get(name);
    ResourceManager rm = ref == null ? null : ref.get();
    return rm == null ? null : find(rm.getRMContext(), type);
  }
}
