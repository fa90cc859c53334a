/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration;

import java.security.PrivilegedExceptionAction;
import java.util.Collections;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unmanaged AM in this JVM (shared by the NM and RM module tests): submits an application
 * to a running cluster, registers as its AM under the application's AMRM token and starts
 * containers on the node a test chooses. {@link #close()} unregisters and stops the clients.
 */
public final class UnmanagedAm implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UnmanagedAm.class);

  private final int containerMb;
  private YarnClient yarn;
  private AMRMClient<ContainerRequest> amrm;
  private NMClient nm;
  private ApplicationId appId;
  private ApplicationAttemptId attemptId;

  private UnmanagedAm(int containerMb) {
    this.containerMb = containerMb;
  }

  /**
   * Submits the unmanaged application {@code name} (queue default, AM and containers of
   * {@code mb} MB and 1 vcore) to the cluster of {@code conf}, waits up to 20 s for it to be
   * ACCEPTED and registers as its AM.
   */
  public static UnmanagedAm start(Configuration conf, String name, int mb) throws Exception {
    UnmanagedAm am = new UnmanagedAm(mb);
    try {
      am.submitAndRegister(conf, name);
    } catch (Exception | Error e) {
      am.close();
      throw e;
    }
    return am;
  }

  private void submitAndRegister(final Configuration c, String name) throws Exception {
    yarn = YarnClient.createYarnClient();
    yarn.init(c);
    yarn.start();
    YarnClientApplication app = yarn.createApplication();
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    appId = ctx.getApplicationId();
    ctx.setApplicationName(name);
    ctx.setUnmanagedAM(true);
    ctx.setQueue("default");
    ctx.setPriority(Priority.newInstance(0));
    ctx.setResource(Resource.newInstance(containerMb, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null, null, null, null,
        null));
    yarn.submitApplication(ctx);
    long deadline = System.currentTimeMillis() + 20_000;
    ApplicationReport report = yarn.getApplicationReport(appId);
    while (report.getYarnApplicationState() != YarnApplicationState.ACCEPTED
        || report.getCurrentApplicationAttemptId() == null
        || yarn.getAMRMToken(appId) == null) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("unmanaged AM not accepted: " + report);
      }
      Thread.sleep(100);
      report = yarn.getApplicationReport(appId);
    }
    attemptId = report.getCurrentApplicationAttemptId();
    Token<AMRMTokenIdentifier> token = yarn.getAMRMToken(appId);
    token.setService(ClientRMProxy.getAMRMTokenService(c));
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(
        UserGroupInformation.getCurrentUser().getShortUserName());
    ugi.addToken(token);
    amrm = ugi.doAs(new PrivilegedExceptionAction<AMRMClient<ContainerRequest>>() {
      @Override
      public AMRMClient<ContainerRequest> run() throws Exception {
        AMRMClient<ContainerRequest> client = AMRMClient.createAMRMClient();
        client.init(c);
        client.start();
        client.registerApplicationMaster("localhost", 0, "");
        return client;
      }
    });
    nm = NMClient.createNMClient();
    nm.init(c);
    nm.start();
  }

  public ApplicationId getApplicationId() {
    return appId;
  }

  public ApplicationAttemptId getApplicationAttemptId() {
    return attemptId;
  }

  /** The NMClient this AM starts (and may stop) its containers with. */
  public NMClient getNMClient() {
    return nm;
  }

  /**
   * Allocates a container on {@code node} (releasing those placed elsewhere; at most 60 s)
   * and starts {@code command} in it with the environment {@code env}.
   */
  public synchronized Container startContainer(NodeId node, String command,
      Map<String, String> env) throws Exception {
    return startContainer(node, command, env, null);
  }

  /**
   * As {@link #startContainer(NodeId, String, Map)}, calling {@code beforeStart} with the
   * allocated container before it is started (as the RM issues a restore ticket).
   */
  public synchronized Container startContainer(NodeId node, String command,
      Map<String, String> env, java.util.function.Consumer<Container> beforeStart)
      throws Exception {
    Container got = null;
    long deadline = System.currentTimeMillis() + 60_000;
    int outstanding = 0;
    while (got == null) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no container on " + node);
      }
      if (outstanding == 0) {
        amrm.addContainerRequest(request());
        outstanding = 1;
      }
      for (Container c : amrm.allocate(0.1f).getAllocatedContainers()) {
        outstanding = 0;
        amrm.removeContainerRequest(request());
        if (got == null && c.getNodeId().equals(node)) {
          got = c;
        } else {
          amrm.releaseAssignedContainer(c.getId());
        }
      }
      Thread.sleep(100);
    }
    if (beforeStart != null) {
      beforeStart.accept(got);
    }
    nm.startContainer(got, ContainerLaunchContext.newInstance(null, env,
        Collections.singletonList(command), null, null, null));
    LOG.info("Started {} on {}", got.getId(), node);
    return got;
  }

  private ContainerRequest request() {
    return new ContainerRequest(Resource.newInstance(containerMb, 1), null, null,
        Priority.newInstance(1));
  }

  /** Unregisters (SUCCEEDED) and stops the AMRM, NM and YARN clients. */
  @Override
  public void close() {
    try {
      if (amrm != null) {
        amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "", "");
        amrm.stop();
      }
    } catch (Exception e) {
      LOG.warn("unregister failed", e);
    }
    if (nm != null) {
      nm.stop();
    }
    if (yarn != null) {
      yarn.stop();
    }
  }
}
