/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.service.ServiceStateChangeListener;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.util.StringUtils;
import org.apache.hadoop.yarn.YarnUncaughtExceptionHandler;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceTrackerService;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.MigrationResourceTrackerService;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationAMSProcessor;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationLookup;
import org.apache.hadoop.yarn.server.resourcemanager.migration.webapp.MigrationWebFilterInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stock ResourceManager plus the {@link MigrationManager}, which lives and dies with
 * the RM's active services (created with them, started when they start, stopped when they
 * stop, re-created on every standby -&gt; active transition).
 *
 * <p>Seam: {@code createAndInitActiveServices(boolean)} is the protected factory 3.1.0
 * calls to build {@code RMActiveServices}; {@code RMActiveServices.addService} is not
 * reachable from here, so the manager follows the active services through a public
 * {@link ServiceStateChangeListener} instead. No reflection.
 *
 * <p>Start it with {@code YARN_RESOURCEMANAGER_OPTS}/{@code yarn --daemon} pointing the
 * RM class at this one (see docs/resourcemanager.md).
 */
public class MigrationResourceManager extends ResourceManager {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationResourceManager.class);

  private volatile MigrationManager migrationManager;

  /**
   * Before the stock init reads them: puts {@link MigrationAMSProcessor} first in
   * {@code yarn.resourcemanager.application-master-service.processors} (the user's
   * processors stay after it) and appends {@link MigrationWebFilterInitializer} to
   * {@code hadoop.http.filter.initializers}; names this RM in the configuration
   * so the web filter finds this RM's manager ({@link MigrationLookup}).
   */
  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    prepareConfiguration(conf, this);
    super.serviceInit(conf);
  }

  /**
   * What {@link #serviceInit} does to the configuration before the stock init. Public so
   * that tests can do the same inside a MockRM.
   */
  public static void prepareConfiguration(Configuration conf, ResourceManager rm) {
    MigrationAMSProcessor.installFirst(conf);
    MigrationWebFilterInitializer.install(conf);
    conf.set(MigrationConfiguration.RM_MIGRATION_INTERNAL_RM_NAME, MigrationLookup.nameOf(rm));
  }

  /**
   * Keeps nodes drained by 'yarn rmadmin -decommission' decommissioned (see
   * {@link MigrationResourceTrackerService}).
   */
  @Override
  protected ResourceTrackerService createResourceTrackerService() {
    return new MigrationResourceTrackerService(rmContext, nodesListManager,
        nmLivelinessMonitor, rmContext.getContainerTokenSecretManager(),
        rmContext.getNMTokenSecretManager());
  }

  @Override
  protected void createAndInitActiveServices(boolean fromActive) {
    super.createAndInitActiveServices(fromActive);
    migrationManager = attachTo(activeServices, new MigrationManager(getRMContext(),
        getApplicationACLsManager(), getQueueACLsManager()));
  }

  /** The migration manager of the current active services (null while standby). */
  public MigrationManager getMigrationManager() {
    return migrationManager;
  }

  /**
   * Makes {@code manager} follow {@code activeServices}: inits it now with their
   * configuration, starts it once they started and stops it when they stop. Public so that
   * tests can do the same inside a MockRM.
   */
  public static MigrationManager attachTo(final Service activeServices,
      final MigrationManager manager) {
    manager.init(activeServices.getConfig());
    activeServices.registerServiceListener(new ServiceStateChangeListener() {
      @Override
      public void stateChanged(Service service) {
        switch (service.getServiceState()) {
        case STARTED:
          manager.start();
          break;
        case STOPPED:
          manager.stop();
          service.unregisterServiceListener(this);
          break;
        default:
          break;
        }
      }
    });
    return manager;
  }

  /** Mirrors {@code ResourceManager.main} of Hadoop 3.1.0. */
  public static void main(String[] argv) {
    Thread.setDefaultUncaughtExceptionHandler(new YarnUncaughtExceptionHandler());
    StringUtils.startupShutdownMessage(MigrationResourceManager.class, argv,
        org.apache.commons.logging.LogFactory.getLog(MigrationResourceManager.class));
    try {
      YarnConfiguration conf = new YarnConfiguration();
      GenericOptionsParser hParser = new GenericOptionsParser(conf, argv);
      if (hParser.getRemainingArgs().length > 0) {
        // -format-state-store and -remove-application-from-state-store are package-private
        // in 3.1.0: run them with the stock ResourceManager class.
        System.err.println("Usage: yarn resourcemanager (state-store maintenance options:"
            + " use org.apache.hadoop.yarn.server.resourcemanager.ResourceManager)");
        System.exit(-1);
      }
      MigrationResourceManager resourceManager = new MigrationResourceManager();
      ShutdownHookManager.get().addShutdownHook(
          new CompositeServiceShutdownHook(resourceManager), SHUTDOWN_HOOK_PRIORITY);
      resourceManager.init(conf);
      resourceManager.start();
    } catch (Throwable t) {
      LOG.error("Error starting ResourceManager", t);
      System.exit(-1);
    }
  }
}
