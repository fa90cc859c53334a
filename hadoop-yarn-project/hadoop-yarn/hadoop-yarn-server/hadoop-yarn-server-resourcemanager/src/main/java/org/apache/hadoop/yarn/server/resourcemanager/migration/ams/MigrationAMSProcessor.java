/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.ams.ApplicationMasterServiceContext;
import org.apache.hadoop.yarn.ams.ApplicationMasterServiceProcessor;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.FinishApplicationMasterResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterRequest;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps container migrations invisible to the ApplicationMaster. Must be the FIRST entry
 * of {@code yarn.resourcemanager.application-master-service.processors} (3.1.0's
 * ApplicationMasterService reverses the list and wraps each processor around the next,
 * so the first entry is the outermost; MigrationResourceManager puts it there).
 *
 * <p>On the way in (AM -&gt; RM), ids the AM knows are translated to the container that
 * now runs the work: the release list and update requests. On the way out (after the rest
 * of the chain filled the response):
 * <ul>
 * <li>allocated containers tagged {@code yarn-migration:*} or known as migration targets
 *   are removed;</li>
 * <li>completions of migration targets that are not (yet) the container of record (in
 *   flight, or released by a rollback) are removed;</li>
 * <li>completions of sources of SUCCEEDED migrations (normally exit status
 *   {@link MigrationContract#EXIT_MIGRATED}) are removed;</li>
 * <li>completions and updates of a migrated container are reported under the ORIGINAL id
 *   (exit status, diagnostics, state kept; a copy, the RM's own status is untouched).</li>
 * </ul>
 * The MigrationManager is looked up per call through {@link MigrationLookup} with the
 * RMContext {@link #init} received; without a running manager everything passes through.
 */
public class MigrationAMSProcessor implements ApplicationMasterServiceProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationAMSProcessor.class);

  private RMContext rmContext;
  private ApplicationMasterServiceProcessor nextProcessor;
  /** Follows a moved AM again after an RM restart (made once, with the context). */
  private AttemptHandover handover;

  /**
   * Puts this processor first in {@code conf}'s AMS processor list, keeping the others
   * after it in their order (a no-op when it is first already).
   */
  public static void installFirst(Configuration conf) {
    String key = YarnConfiguration.RM_APPLICATION_MASTER_SERVICE_PROCESSORS;
    List<String> names = new ArrayList<>();
    names.add(MigrationAMSProcessor.class.getName());
    for (String name : conf.getTrimmedStringCollection(key)) {
      if (!name.equals(MigrationAMSProcessor.class.getName())) {
        names.add(name);
      }
    }
    conf.set(key, String.join(",", names));
  }

  @Override
  public void init(ApplicationMasterServiceContext amsContext,
      ApplicationMasterServiceProcessor next) {
    this.rmContext = amsContext instanceof RMContext ? (RMContext) amsContext : null;
    this.nextProcessor = next;
    this.handover = new AttemptHandover(rmContext);
    if (rmContext == null) {
      LOG.warn("{} got no RMContext ({}); migrations will be visible to ApplicationMasters",
          getClass().getSimpleName(), amsContext);
    }
  }

  /** The alias map of this RM's running MigrationManager, or null. */
  private MigrationIdMap aliases() {
    return MigrationLookup.find(rmContext, MigrationIdMap.class);
  }

  @Override
  public void registerApplicationMaster(ApplicationAttemptId attemptId,
      RegisterApplicationMasterRequest request, RegisterApplicationMasterResponse response)
      throws IOException, YarnException {
    nextProcessor.registerApplicationMaster(attemptId, request, response);
  }

  @Override
  public void allocate(ApplicationAttemptId attemptId, AllocateRequest request,
      AllocateResponse response) throws YarnException {
    MigrationIdMap aliases = aliases();
    if (aliases != null) {
      translateRequest(request, aliases);
      // after an RM restart, a moved AM's attempt follows it again
      handover.followRecoveredMaster(attemptId, aliases);
    }
    nextProcessor.allocate(attemptId, request, response);
    if (aliases != null) {
      filterResponse(attemptId, response, aliases);
    }
  }

  @Override
  public void finishApplicationMaster(ApplicationAttemptId attemptId,
      FinishApplicationMasterRequest request, FinishApplicationMasterResponse response) {
    nextProcessor.finishApplicationMaster(attemptId, request, response);
    MigrationIdMap aliases = aliases();
    if (aliases != null) {
      aliases.forgetApplication(attemptId.getApplicationId());
    }
  }

  // ---- AM -> RM --------------------------------------------------------------------------

  static void translateRequest(AllocateRequest request, ContainerAliases aliases) {
    List<ContainerId> release = request.getReleaseList();
    if (release != null && !release.isEmpty()) {
      List<ContainerId> translated = new ArrayList<>(release.size());
      for (ContainerId id : release) {
        translated.add(aliases.currentOf(id));
      }
      request.setReleaseList(translated);
    }
    List<UpdateContainerRequest> updates = request.getUpdateRequests();
    if (updates != null) {
      for (UpdateContainerRequest u : updates) {
        if (u.getContainerId() != null) {
          ContainerId current = aliases.currentOf(u.getContainerId());
          if (!current.equals(u.getContainerId())) {
            u.setContainerId(current);
          }
        }
      }
    }
  }

  // ---- RM -> AM --------------------------------------------------------------------------

  static void filterResponse(ApplicationAttemptId attemptId, AllocateResponse response,
      MigrationIdMap aliases) {
    List<Container> allocated = response.getAllocatedContainers();
    if (allocated != null && !allocated.isEmpty()) {
      List<Container> kept = new ArrayList<>(allocated.size());
      for (Container c : allocated) {
        if (TargetContainerAllocator.isMigrationTarget(c)
            || aliases.isMigrationTarget(c.getId())) {
          LOG.debug("Hid migration target {} from the AM of {}", c.getId(), attemptId);
        } else {
          kept.add(c);
        }
      }
      if (kept.size() != allocated.size()) {
        response.setAllocatedContainers(kept);
      }
    }

    List<ContainerStatus> completed = response.getCompletedContainersStatuses();
    if (completed != null && !completed.isEmpty()) {
      List<ContainerStatus> kept = new ArrayList<>(completed.size());
      boolean changed = false;
      for (ContainerStatus s : completed) {
        ContainerId id = s.getContainerId();
        if (aliases.isReleasedTarget(id)) {
          aliases.releasedTargetCompletionHidden(id);
          changed = true;
          LOG.debug("Hid completion of released migration target {}", id);
        } else if (aliases.isMigrationTarget(id)) {
          changed = true;
          LOG.info("Hid completion of in-flight migration target {} (exit {})", id,
              s.getExitStatus());
        } else if (aliases.isHiddenSource(id)) {
          aliases.sourceCompletionHidden(id);
          changed = true;
          LOG.debug("Hid completion of migrated source {} (exit {})", id, s.getExitStatus());
        } else if (!aliases.currentOf(id).equals(id)) {
          // delivered again (an RM restart: its NM reports it anew): a source that moved
          // away is never the AM's container
          changed = true;
          LOG.info("Hid repeated completion of migrated source {} (exit {}), now {}", id,
              s.getExitStatus(), aliases.currentOf(id));
        } else {
          ContainerId original = aliases.originalOf(id);
          if (original.equals(id)) {
            if (s.getExitStatus() == MigrationContract.EXIT_MIGRATED) {
              LOG.warn("Container {} ended with exit status {} (migrated) but no migration"
                  + " of it is known; the AM sees the completion", id, s.getExitStatus());
            }
            kept.add(s);
          } else {
            kept.add(withId(s, original));
            changed = true;
            if (s.getState() == ContainerState.COMPLETE) {
              aliases.chainCompleted(id);
            }
          }
        }
      }
      if (changed) {
        response.setCompletedContainersStatuses(kept);
      }
    }

    List<UpdatedContainer> updated = response.getUpdatedContainers();
    if (updated != null && !updated.isEmpty()) {
      List<UpdatedContainer> kept = new ArrayList<>(updated.size());
      boolean changed = false;
      for (UpdatedContainer u : updated) {
        Container c = u.getContainer();
        if (c == null) {
          kept.add(u);
        } else if (aliases.isMigrationTarget(c.getId())) {
          changed = true;
        } else {
          ContainerId original = aliases.originalOf(c.getId());
          if (original.equals(c.getId())) {
            kept.add(u);
          } else {
            kept.add(UpdatedContainer.newInstance(u.getUpdateType(), withId(c, original)));
            changed = true;
          }
        }
      }
      if (changed) {
        response.setUpdatedContainers(kept);
      }
    }
  }

  /** A copy of {@code s} under another id (the RM keeps its own status object). */
  static ContainerStatus withId(ContainerStatus s, ContainerId id) {
    ContainerStatus copy = ContainerStatus.newInstance(id, s.getExecutionType(), s.getState(),
        s.getDiagnostics(), s.getExitStatus());
    copy.setCapability(s.getCapability());
    copy.setIPs(s.getIPs());
    copy.setHost(s.getHost());
    if (s.getContainerSubState() != null) {
      copy.setContainerSubState(s.getContainerSubState());
    }
    return copy;
  }

  /** A copy of {@code c} under another id (token and everything else unchanged). */
  static Container withId(Container c, ContainerId id) {
    Container copy = Container.newInstance(id, c.getNodeId(), c.getNodeHttpAddress(),
        c.getResource(), c.getPriority(), c.getContainerToken(), c.getExecutionType());
    copy.setVersion(c.getVersion());
    copy.setAllocationRequestId(c.getAllocationRequestId());
    copy.setAllocationTags(c.getAllocationTags());
    return copy;
  }
}
