/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerStatusesResponse;
import org.apache.hadoop.yarn.api.protocolrecords.StopContainersResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.SerializedException;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * An abort thaws the source only once the stopped target container ended on its
 * NodeManager: a stop is a request, and its tree may run a moment longer.
 */
public class TestTargetStop {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  private static final ContainerId ID = ContainerId.newContainerId(
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1), 3);
  private static final Container TARGET = Container.newInstance(ID,
      NodeId.newInstance("nm2", 1234), "nm2:8042", Resource.newInstance(128, 1),
      Priority.newInstance(0), null);

  /** A NodeManager that says each state in turn, then the last one for ever. */
  private static ContainerManagementProtocol nm(List<String> calls, ContainerState... states) {
    AtomicInteger asked = new AtomicInteger();
    return (ContainerManagementProtocol) Proxy.newProxyInstance(
        TestTargetStop.class.getClassLoader(),
        new Class<?>[] {ContainerManagementProtocol.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          switch (method.getName()) {
          case "stopContainers":
            return StopContainersResponse.newInstance(Collections.<ContainerId>emptyList(),
                Collections.<ContainerId, SerializedException>emptyMap());
          case "getContainerStatuses":
            int i = Math.min(asked.getAndIncrement(), states.length - 1);
            List<ContainerStatus> statuses = new ArrayList<>();
            if (states[i] != null) {
              statuses.add(ContainerStatus.newInstance(ID, states[i], "", 0));
            }
            return GetContainerStatusesResponse.newInstance(statuses,
                Collections.<ContainerId, SerializedException>emptyMap());
          default:
            throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  @Test
  public void givenATargetThatEndsAfterTheStop_whenStopped_thenReturnsOnceComplete()
      throws Exception {
    List<String> calls = new ArrayList<>();
    RpcNodeMigrationChannel.stopAndAwaitEnd(nm(calls, ContainerState.RUNNING,
        ContainerState.RUNNING, ContainerState.COMPLETE), TARGET, 10_000);
    assertEquals("stopped, then asked until COMPLETE", java.util.Arrays.asList(
        "stopContainers", "getContainerStatuses", "getContainerStatuses",
        "getContainerStatuses"), calls);
  }

  @Test
  public void givenATargetTheNodeNoLongerKnows_whenStopped_thenEnded() throws Exception {
    List<String> calls = new ArrayList<>();
    RpcNodeMigrationChannel.stopAndAwaitEnd(nm(calls, (ContainerState) null), TARGET, 10_000);
    assertEquals(2, calls.size());
  }

  @Test
  public void givenATargetThatRunsOn_whenStopped_thenFailsNamingIt() throws Exception {
    try {
      RpcNodeMigrationChannel.stopAndAwaitEnd(nm(new ArrayList<String>(),
          ContainerState.RUNNING), TARGET, 300);
      fail("a target that still runs must fail the stop");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().equals("target container " + ID
          + " still RUNNING on nm2:1234 300 ms after it was told to stop"));
    }
  }
}
