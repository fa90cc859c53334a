/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueACL;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.server.resourcemanager.security.QueueACLsManager;
import org.apache.hadoop.yarn.server.security.ApplicationACLsManager;
import org.apache.hadoop.yarn.util.resource.Resources;

/**
 * Checks one migration request against the RM's current view, read-only: each failure is a
 * {@link ContainerMigrationException} whose text is
 * {@code "Migration of <container> to node <host:port> rejected: <cause>. <advice>"}.
 *
 * <p>Access follows {@code ClientRMService}'s rule for killing an application: allowed
 * for ADMINISTER_QUEUE on the application's queue, or MODIFY_APP on the application (which
 * includes its owner and the YARN admins of {@code yarn.admin.acl}); with
 * {@code yarn.acl.enable=false} everyone is allowed, as in stock YARN.
 */
public class MigrationValidator {

  private final RMContext rmContext;
  private final ApplicationACLsManager applicationACLs;
  private final QueueACLsManager queueACLs;

  public MigrationValidator(RMContext rmContext, ApplicationACLsManager applicationACLs,
      QueueACLsManager queueACLs) {
    this.rmContext = rmContext;
    this.applicationACLs = applicationACLs;
    this.queueACLs = queueACLs;
  }

  /** What validation learned about an acceptable request. */
  public static final class Accepted {
    private final RMContainer container;
    private final String appOwner;

    Accepted(RMContainer container, String appOwner) {
      this.container = container;
      this.appOwner = appOwner;
    }

    public RMContainer getContainer() {
      return container;
    }

    public String getAppOwner() {
      return appOwner;
    }
  }

  /**
   * Validates a request.
   *
   * @param inFlight the migration of this container already in flight, or null
   * @param unsupportedScheduler why the scheduler cannot migrate, or null when it can
   */
  public Accepted validate(ContainerId containerId, NodeId target, UserGroupInformation caller,
      ContainerMigration inFlight, String unsupportedScheduler)
      throws ContainerMigrationException {
    if (containerId == null) {
      throw reject(Reason.INVALID_REQUEST, null, target, "no container id given",
          "Name the container to migrate");
    }
    if (target == null) {
      throw reject(Reason.INVALID_REQUEST, containerId, null, "no target node given",
          "Name the target node as host:port");
    }
    if (unsupportedScheduler != null) {
      throw reject(Reason.INVALID_REQUEST, containerId, target, unsupportedScheduler,
          "Ask the cluster administrator");
    }
    ResourceScheduler scheduler = rmContext.getScheduler();
    RMContainer rmContainer = scheduler.getRMContainer(containerId);
    RMApp app = rmContext.getRMApps().get(
        containerId.getApplicationAttemptId().getApplicationId());
    if (rmContainer == null || app == null) {
      throw reject(Reason.NOT_FOUND, containerId, target,
          "the ResourceManager knows no live container " + containerId,
          "Check the id, e.g. with 'yarn container -list <application attempt id>'");
    }
    if (!mayModify(caller, app)) {
      throw reject(Reason.ACCESS_DENIED, containerId, target, "user "
          + (caller == null ? "<unknown>" : caller.getShortUserName())
          + " is neither the owner of " + app.getApplicationId() + " (" + app.getUser()
          + "), a YARN admin, nor allowed to modify it",
          "Ask the application owner or an administrator to migrate it");
    }
    if (rmContainer.isAMContainer()) {
      throw reject(Reason.INVALID_REQUEST, containerId, target,
          "ApplicationMaster containers cannot be migrated yet",
          "Only task containers can be migrated");
    }
    if (rmContainer.getState() != RMContainerState.RUNNING) {
      throw reject(Reason.CONFLICT, containerId, target, containerId + " is "
          + rmContainer.getState() + ", not RUNNING", "Retry once the container runs");
    }
    RMNode targetNode = rmContext.getRMNodes().get(target);
    SchedulerNode schedulerNode = scheduler.getSchedulerNode(target);
    if (targetNode == null) {
      throw reject(Reason.NOT_FOUND, containerId, target, "node " + target
          + " is not a node of this cluster", "Pick a node listed by 'yarn node -list'");
    }
    if (targetNode.getState() != NodeState.RUNNING || schedulerNode == null) {
      throw reject(Reason.CONFLICT, containerId, target, "node " + target + " is "
          + targetNode.getState() + ", not RUNNING", "Pick a RUNNING node");
    }
    if (target.equals(rmContainer.getAllocatedNode())) {
      throw reject(Reason.INVALID_REQUEST, containerId, target, containerId
          + " already runs on node " + target, "Pick another node");
    }
    if (inFlight != null) {
      throw reject(Reason.CONFLICT, containerId, target, containerId
          + " is already being migrated (migration " + inFlight.getMigrationId() + ", "
          + inFlight.getState() + ")", "Wait for that migration to finish");
    }
    Resource needed = rmContainer.getAllocatedResource();
    Resource free = schedulerNode.getUnallocatedResource();
    if (!Resources.fitsIn(needed, free)) {
      throw reject(Reason.CONFLICT, containerId, target, "node " + target + " has " + free
          + " unallocated but " + containerId + " needs " + needed,
          "Pick a node with enough free resources");
    }
    return new Accepted(rmContainer, app.getUser());
  }

  /** Whether the caller may modify (kill, migrate) the application's containers. */
  public boolean mayModify(UserGroupInformation caller, RMApp app) {
    if (caller == null) {
      return false;
    }
    return queueACLs.checkAccess(caller, QueueACL.ADMINISTER_QUEUE, app,
        Server.getRemoteAddress(), null)
        || applicationACLs.checkAccess(caller, ApplicationAccessType.MODIFY_APP,
            app.getUser(), app.getApplicationId());
  }

  /** Whether the caller may see the application's migrations. */
  public boolean mayView(UserGroupInformation caller, String owner,
      org.apache.hadoop.yarn.api.records.ApplicationId appId) {
    RMApp app = rmContext.getRMApps().get(appId);
    if (caller == null) {
      return false;
    }
    if (app != null && queueACLs.checkAccess(caller, QueueACL.ADMINISTER_QUEUE, app,
        Server.getRemoteAddress(), null)) {
      return true;
    }
    return applicationACLs.checkAccess(caller, ApplicationAccessType.VIEW_APP, owner, appId);
  }

  /** "Migration of C to node T rejected: cause. advice." */
  static ContainerMigrationException reject(Reason reason, ContainerId containerId,
      NodeId target, String cause, String advice) {
    StringBuilder text = new StringBuilder("Migration");
    if (containerId != null) {
      text.append(" of ").append(containerId);
    }
    if (target != null) {
      text.append(" to node ").append(target);
    }
    text.append(" rejected: ").append(cause).append(". ").append(advice).append('.');
    return new ContainerMigrationException(reason, text.toString());
  }
}
