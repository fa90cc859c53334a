/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttemptImpl;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerApplicationAttempt;

/**
 * The ONE place where the migration code reaches into ResourceManager internals by
 * reflection: the scheduler's newly allocated containers (below) and, when an
 * ApplicationMaster moves, its attempt's AM host and tracking URL ({@link #moveAttemptHost}).
 *
 * <p>Why: in Hadoop 3.1.0 a container granted by
 * {@code CapacityScheduler.attemptAllocationOnNode} lands (in {@code FiCaSchedulerApp.apply})
 * in the attempt's protected {@code List<RMContainer> newlyAllocatedContainers}, and the
 * next AM heartbeat's {@code pullNewlyAllocatedContainers()} would hand it to the AM as a new
 * container (and create its token and move it ALLOCATED -&gt; ACQUIRED). There is no public
 * call that removes one container from that list, and pulling all of them would steal the
 * AM's own containers. So we take our container out of the list under the attempt's write
 * lock (the same lock {@code pullNewlyAllocatedContainers} holds) and acquire it ourselves.
 *
 * <p>Why the attempt: 3.1.0's {@code RMAppAttemptImpl} sets its {@code host} (what
 * {@code yarn application -status} shows as the AM host) and {@code originalTrackingUrl}
 * (where the web proxy forwards) only when the AM registers, with nothing public to change
 * them for an AM that now runs on another node.
 *
 * <p>{@code TestSchedulerInternals} fails loudly if a field moves or changes type in the
 * Hadoop jars on the classpath.
 */
public final class SchedulerInternals {

  /** Name of the field in {@link SchedulerApplicationAttempt} (Hadoop 3.1.0). */
  static final String NEWLY_ALLOCATED_FIELD = "newlyAllocatedContainers";

  private static final Field NEWLY_ALLOCATED = findNewlyAllocatedField();

  /** Fields of {@link RMAppAttemptImpl} (Hadoop 3.1.0), both Strings. */
  static final String ATTEMPT_HOST_FIELD = "host";
  static final String ATTEMPT_TRACKING_URL_FIELD = "originalTrackingUrl";

  private static final Field ATTEMPT_HOST = findStringField(ATTEMPT_HOST_FIELD);
  private static final Field ATTEMPT_TRACKING_URL = findStringField(ATTEMPT_TRACKING_URL_FIELD);

  private SchedulerInternals() {
  }

  private static Field findNewlyAllocatedField() {
    try {
      Field f = SchedulerApplicationAttempt.class.getDeclaredField(NEWLY_ALLOCATED_FIELD);
      if (!List.class.isAssignableFrom(f.getType())) {
        throw new IllegalStateException("SchedulerApplicationAttempt." + NEWLY_ALLOCATED_FIELD
            + " is a " + f.getType().getName() + ", not a List: this Hadoop version is not"
            + " supported by container migration");
      }
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("SchedulerApplicationAttempt." + NEWLY_ALLOCATED_FIELD
          + " not found: this Hadoop version is not supported by container migration", e);
    }
  }

  private static Field findStringField(String name) {
    try {
      Field f = RMAppAttemptImpl.class.getDeclaredField(name);
      if (f.getType() != String.class) {
        throw new IllegalStateException("RMAppAttemptImpl." + name + " is a "
            + f.getType().getName() + ", not a String: this Hadoop version is not supported"
            + " by container migration");
      }
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("RMAppAttemptImpl." + name + " not found: this Hadoop"
          + " version is not supported by container migration", e);
    }
  }

  /** Fails with the reason if the seam is not usable in the Hadoop jars on the classpath. */
  public static void checkSeam() {
    if (NEWLY_ALLOCATED == null || ATTEMPT_HOST == null || ATTEMPT_TRACKING_URL == null) {
      throw new IllegalStateException("scheduler seam unavailable");
    }
  }

  /**
   * The attempt's AM now runs on {@code newHost}: its AM host becomes it, and a tracking URL
   * on the old AM host points at the same port and path on the new one (the AM's web server
   * moved with it). Holds the attempt's lock for neither field: each is one reference
   * write, as the registration's own writes are.
   *
   * @return the AM host before
   */
  public static String moveAttemptHost(RMAppAttemptImpl attempt, String newHost) {
    try {
      String old = (String) ATTEMPT_HOST.get(attempt);
      ATTEMPT_HOST.set(attempt, newHost);
      String url = (String) ATTEMPT_TRACKING_URL.get(attempt);
      String moved = TrackingUrls.onHost(url, old, newHost);
      if (moved != null) {
        ATTEMPT_TRACKING_URL.set(attempt, moved);
      }
      return old;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot write RMAppAttemptImpl." + ATTEMPT_HOST_FIELD,
          e);
    }
  }

  /**
   * Removes the container with the given id from the attempt's newly allocated containers.
   * The caller must hold the attempt's write lock.
   *
   * @return the removed container, or null if it was not there (already pulled by the AM)
   */
  @SuppressWarnings("unchecked")
  static RMContainer takeNewlyAllocated(SchedulerApplicationAttempt attempt,
      org.apache.hadoop.yarn.api.records.ContainerId containerId) {
    List<RMContainer> list;
    try {
      list = (List<RMContainer>) NEWLY_ALLOCATED.get(attempt);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read SchedulerApplicationAttempt."
          + NEWLY_ALLOCATED_FIELD, e);
    }
    for (Iterator<RMContainer> it = list.iterator(); it.hasNext();) {
      RMContainer c = it.next();
      if (c.getContainerId().equals(containerId)) {
        it.remove();
        return c;
      }
    }
    return null;
  }

  /** Whether the container is still among the attempt's newly allocated containers. */
  @SuppressWarnings("unchecked")
  static boolean isNewlyAllocated(SchedulerApplicationAttempt attempt,
      org.apache.hadoop.yarn.api.records.ContainerId containerId) {
    try {
      for (RMContainer c : (List<RMContainer>) NEWLY_ALLOCATED.get(attempt)) {
        if (c.getContainerId().equals(containerId)) {
          return true;
        }
      }
      return false;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
