/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.MigrationRejection;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueACL;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttempt;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttemptState;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.server.resourcemanager.security.QueueACLsManager;
import org.apache.hadoop.yarn.server.security.ApplicationACLsManager;

/**
 * Checks one migration request against the RM's current view, read-only: each failure is a
 * {@link ContainerMigrationException} whose text is
 * {@code "Migration of <container>[ (now <current>)] to node <host:port> rejected: <cause>.
 * <advice>"}. It is the one place that decides whether a request is accepted: the RPC, the
 * REST API and the drain all reach it through {@code MigrationManager.migrate}.
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

    /** The container to move: the current container of the requested id's chain. */
    public RMContainer getContainer() {
      return container;
    }

    public String getAppOwner() {
      return appOwner;
    }
  }

  /**
   * Validates a request, the one place that decides whether a migration is accepted.
   *
   * <p>A container keeps its original id for its ApplicationMaster and its user across
   * migrations, while every move gives it a new container id on its new node; the request
   * may name any id of that chain. The caller resolves it ({@code MigrationIdMap.currentOf})
   * and every check below is about that current container. Errors name the container as
   * requested, plus {@code (now <current>)} when the two differ.
   *
   * @param current the current container of the chain of {@code request.getContainerId()}
   *     (that id itself when it was never migrated)
   * @param inFlight the migration of {@code current} already in flight, or null
   * @param targetOf the in-flight migration whose target container is {@code current}, or
   *     null
   * @param unsupportedScheduler why the scheduler cannot migrate, or null when it can
   * @param noPlacement when the request names no target node: why the placement policy
   *     found none, or null if it was not asked
   */
  public Accepted validate(MigrateContainerRequest request, ContainerId current,
      UserGroupInformation caller, ContainerMigration inFlight, ContainerMigration targetOf,
      String unsupportedScheduler, String noPlacement) throws ContainerMigrationException {
    ContainerId requested = request.getContainerId();
    NodeId target = request.getTargetNode();
    if (requested == null) {
      throw reject(Reason.INVALID_REQUEST, null, target, "no container id given",
          "Name the container to migrate");
    }
    ContainerId containerId = current == null ? requested : current;
    // How the causes below name the container: its id, or "it" when the head of the
    // message already reads "<requested> (now <current>)".
    boolean moved = !containerId.equals(requested);
    String it = moved ? "it" : containerId.toString();
    if (unsupportedScheduler != null) {
      throw reject(Reason.INVALID_REQUEST, requested, containerId, target,
          unsupportedScheduler, "Ask the cluster administrator");
    }
    ResourceScheduler scheduler = rmContext.getScheduler();
    RMContainer rmContainer = scheduler.getRMContainer(containerId);
    RMApp app = rmContext.getRMApps().get(
        containerId.getApplicationAttemptId().getApplicationId());
    if (rmContainer == null || app == null) {
      throw reject(Reason.NOT_FOUND, requested, containerId, target, moved
          ? "the ResourceManager knows no live container for it any more (it ended, or its"
              + " application finished)"
          : "the ResourceManager knows no live container " + containerId,
          "Check the id, e.g. with 'yarn container -list <application attempt id>'");
    }
    if (!mayModify(caller, app)) {
      throw reject(Reason.ACCESS_DENIED, requested, containerId, target, "user "
          + (caller == null ? "<unknown>" : caller.getShortUserName())
          + " is neither the owner of " + app.getApplicationId() + " (" + app.getUser()
          + "), a YARN admin, nor allowed to modify it",
          "Ask the application owner or an administrator to migrate it");
    }
    if (rmContainer.isAMContainer()) {
      // an AM moves once it has registered: the attempt's AM host is set, and its
      // connection to the RM is one the AM reconnects
      RMAppAttempt attempt = app.getAppAttempts().get(containerId.getApplicationAttemptId());
      RMAppAttemptState st = attempt == null ? null : attempt.getAppAttemptState();
      if (st != RMAppAttemptState.RUNNING) {
        throw reject(Reason.CONFLICT, requested, containerId, target, it + " is the"
            + " ApplicationMaster of " + containerId.getApplicationAttemptId() + ", which is "
            + st + ", not RUNNING", "Retry once the ApplicationMaster has registered");
      }
    }
    if (targetOf != null) {
      ContainerId source = targetOf.getSpec().getContainerId();
      throw reject(Reason.CONFLICT, requested, containerId, target, it
          + " is the target container of migration " + targetOf.getMigrationId() + " of "
          + source + " (" + targetOf.getState() + ")", "Wait for that migration to finish,"
          + " then name " + source + " or " + containerId);
    }
    if (rmContainer.getState() != RMContainerState.RUNNING) {
      throw reject(Reason.CONFLICT, requested, containerId, target, it + " is "
          + rmContainer.getState() + ", not RUNNING", "Retry once the container runs");
    }
    if (target == null) {
      throw noPlacement == null
          ? reject(Reason.INVALID_REQUEST, requested, containerId, null,
              "no target node given", "Name the target node as host:port")
          : reject(Reason.CONFLICT, requested, containerId, null, noPlacement,
              "Make room on a node of its partition, or name a node with -node");
    }
    RMNode targetNode = rmContext.getRMNodes().get(target);
    SchedulerNode schedulerNode = scheduler.getSchedulerNode(target);
    if (targetNode == null) {
      throw reject(Reason.NOT_FOUND, requested, containerId, target, "node " + target
          + " is not a node of this cluster", "Pick a node listed by 'yarn node -list'");
    }
    if (targetNode.getState() != NodeState.RUNNING || schedulerNode == null) {
      throw reject(Reason.CONFLICT, requested, containerId, target, "node " + target
          + " is " + targetNode.getState() + ", not RUNNING", "Pick a RUNNING node");
    }
    if (target.equals(rmContainer.getAllocatedNode())) {
      throw reject(Reason.INVALID_REQUEST, requested, containerId, target, it
          + " already runs on node " + target, "Pick another node");
    }
    if (inFlight != null) {
      throw reject(Reason.CONFLICT, requested, containerId, target, it
          + " is already being migrated (migration " + inFlight.getMigrationId() + ", "
          + inFlight.getState() + ")", "Wait for that migration to finish");
    }
    Resource needed = rmContainer.getAllocatedResource();
    Resource free = schedulerNode.getUnallocatedResource();
    SchedulerFit fit = SchedulerFit.of(scheduler);
    if (!fit.fits(needed, free)) {
      throw reject(Reason.CONFLICT, requested, containerId, target, "node " + target
          + " has no room for " + it + ": " + fit.whyNot(needed, free),
          "Pick a node with enough free resources");
    }
    ContainerMigrationOptions options = request.getOptions();
    if (options != null && options.getTimeoutMs() < 0) {
      throw reject(Reason.INVALID_REQUEST, requested, containerId, target, "timeout "
          + options.getTimeoutMs() + " ms is negative",
          "Give a positive timeout, or 0 for the server default");
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
    return reject(reason, containerId, containerId, target, cause, advice);
  }

  /**
   * "Migration of R to node T rejected: cause. advice.", with R the container as requested
   * followed by " (now C)" when its chain's current container C is another one.
   */
  static ContainerMigrationException reject(Reason reason, ContainerId requested,
      ContainerId current, NodeId target, String cause, String advice) {
    return MigrationRejection.of(reason, requested, current, target, cause, advice);
  }
}
