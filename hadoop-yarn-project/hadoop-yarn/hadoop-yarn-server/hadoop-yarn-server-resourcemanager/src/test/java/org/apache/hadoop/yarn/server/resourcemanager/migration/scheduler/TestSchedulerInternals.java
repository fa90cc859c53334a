/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerApplicationAttempt;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Fails loudly when the Hadoop jars on the classpath move the one internal the migration
 * reaches by reflection ({@link SchedulerInternals}).
 */
public class TestSchedulerInternals {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenTheHadoopJars_thenNewlyAllocatedContainersIsAnInstanceListOfRMContainer()
      throws Exception {
    Field f = SchedulerApplicationAttempt.class.getDeclaredField(
        SchedulerInternals.NEWLY_ALLOCATED_FIELD);
    assertEquals(List.class, f.getType());
    assertTrue("must be per attempt", !Modifier.isStatic(f.getModifiers()));
    assertEquals(RMContainer.class,
        ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0]);
    SchedulerInternals.checkSeam();
  }

  @Test
  public void givenTheHadoopJars_thenTheWriteLockThatGuardsItIsPublicOnTheCapacityApp()
      throws Exception {
    // pullNewlyAllocatedContainers takes the attempt's write lock; we take the same one.
    assertTrue(Modifier.isPublic(org.apache.hadoop.yarn.server.resourcemanager.scheduler
        .common.fica.FiCaSchedulerApp.class.getMethod("getWriteLock").getModifiers()));
  }

  @Test
  public void givenTheHadoopJars_thenTheAttemptsAmHostAndTrackingUrlAreStringFields()
      throws Exception {
    for (String name : new String[] {SchedulerInternals.ATTEMPT_HOST_FIELD,
        SchedulerInternals.ATTEMPT_TRACKING_URL_FIELD}) {
      assertEquals(name, String.class, org.apache.hadoop.yarn.server.resourcemanager.rmapp
          .attempt.RMAppAttemptImpl.class.getDeclaredField(name).getType());
    }
    SchedulerInternals.checkSeam();
  }

  @Test
  public void givenTrackingUrls_whenTheAmMoves_thenOnlyOnesOnItsOldHostFollowIt() {
    assertEquals("http://b.example.com:8088/ui?x=1", TrackingUrls.onHost(
        "http://a.example.com:8088/ui?x=1", "a.example.com", "b.example.com"));
    assertEquals("b:4040/", TrackingUrls.onHost("a:4040/", "a", "b"));
    assertEquals(null, TrackingUrls.onHost("http://proxy:8088/", "a", "b"));
    assertEquals(null, TrackingUrls.onHost("", "a", "b"));
    assertEquals(null, TrackingUrls.onHost(null, "a", "b"));
    assertEquals(null, TrackingUrls.onHost("http://a:1/", "", "b"));
    assertEquals(null, TrackingUrls.onHost("http://[bad", "a", "b"));
  }

  @Test
  public void givenTags_thenTheMigrationIdIsFound() {
    assertEquals("migration_1_0001", TargetContainerAllocator.migrationIdOf(
        java.util.Collections.singleton("yarn-migration:migration_1_0001")));
    assertEquals(null, TargetContainerAllocator.migrationIdOf(
        java.util.Collections.singleton("mapreduce")));
    assertEquals("scheduler FairScheduler is not supported for migration; use"
        + " CapacityScheduler", TargetContainerAllocators.unsupportedMessage("FairScheduler"));
  }
}
