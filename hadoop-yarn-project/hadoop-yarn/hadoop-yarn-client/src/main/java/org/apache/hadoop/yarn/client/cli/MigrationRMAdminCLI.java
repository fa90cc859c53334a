/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.cli;

import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.migration.ContainerMigrationClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * {@code yarn rmadmin} with {@code -decommission <host:port> [-timeout <seconds>]}: puts the
 * node into graceful decommission through the RM's ContainerMigrationProtocol, which
 * migrates its running containers to other nodes, and follows the drain (one line per
 * container change, then the final node state). Exit code 0 only when the node ended
 * DECOMMISSIONED and every container on it was migrated (or ended by itself); 1 otherwise.
 * Every other command is Hadoop 3.1.0's {@link RMAdminCLI}, unchanged; {@code -help} (and
 * {@code -help -decommission}) also describes {@code -decommission}.
 */
@Public
@Unstable
public class MigrationRMAdminCLI extends RMAdminCLI {

  public static final String DECOMMISSION = "-decommission";
  public static final String DECOMMISSION_ARGS = "<host:port> [-timeout <seconds>]";
  public static final String DECOMMISSION_HELP = "Gracefully decommission the NodeManager"
      + " and live-migrate its running containers to other nodes (admins only). Waits for"
      + " the drain, printing each container's progress, then the final node state; exit code"
      + " 0 only if the node ends DECOMMISSIONED with every container migrated. -timeout: the"
      + " graceful decommission timeout (default"
      + " yarn.resourcemanager.nodemanager-graceful-decommission-timeout-secs); containers"
      + " that cannot move keep running until it expires.";

  private long pollMs = 1000;

  public MigrationRMAdminCLI() {
    super();
  }

  public MigrationRMAdminCLI(Configuration conf) {
    super(conf);
  }

  public static void main(String[] args) throws Exception {
    int result = ToolRunner.run(new MigrationRMAdminCLI(), args);
    System.exit(result);
  }

  /** Tests: how often the drain report is polled. */
  public void setPollIntervalMs(long pollMs) {
    this.pollMs = pollMs;
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length > 0 && DECOMMISSION.equals(args[0])) {
      return decommission(args);
    }
    if (args.length > 1 && "-help".equals(args[0]) && DECOMMISSION.equals(args[1])) {
      System.out.println(help());
      return 0;
    }
    int rc = super.run(args);
    if (args.length == 1 && "-help".equals(args[0])) {
      System.out.println(help());
    }
    return rc;
  }

  private static String help() {
    return "   " + DECOMMISSION + " " + DECOMMISSION_ARGS + ": " + DECOMMISSION_HELP;
  }

  private int usage(String why) {
    errOut.println(why);
    errOut.println("Usage: yarn rmadmin [" + DECOMMISSION + " " + DECOMMISSION_ARGS + "]");
    return -1;
  }

  /** The client of the RM's migration service (tests may hand in another). */
  protected ContainerMigrationClient createMigrationClient() {
    ContainerMigrationClient client = ContainerMigrationClient.createContainerMigrationClient();
    Configuration conf = getConf() == null ? new YarnConfiguration() : getConf();
    client.init(conf);
    client.start();
    return client;
  }

  private int decommission(String[] args) throws Exception {
    if (args.length != 2 && args.length != 4) {
      return usage(DECOMMISSION + " needs a node");
    }
    NodeId node;
    try {
      node = NodeId.fromString(args[1]);
    } catch (IllegalArgumentException e) {
      return usage("Invalid node " + args[1] + ": give it as host:port");
    }
    int timeout = -1;
    if (args.length == 4) {
      if (!"-timeout".equals(args[2])) {
        return usage("Unknown option " + args[2]);
      }
      try {
        timeout = Integer.parseInt(args[3]);
      } catch (NumberFormatException e) {
        timeout = -2;
      }
      if (timeout < 0) {
        return usage("Invalid timeout " + args[3] + ": give seconds (0 or more)");
      }
    }
    ContainerMigrationClient client = createMigrationClient();
    try {
      NodeDrainReport r = client.drainNode(node, timeout);
      out.println("Decommissioning " + node + " (graceful decommission timeout "
          + r.getTimeoutSecs() + " s): migrating its containers to other nodes");
      Map<String, String> printed = new HashMap<>();
      String nodeSaid = null;
      while (true) {
        for (NodeDrainContainerReport c : r.getContainers()) {
          String line = line(c);
          String key = String.valueOf(c.getContainerId());
          if (!line.equals(printed.get(key))) {
            printed.put(key, line);
            out.println(line);
          }
        }
        if (r.getState().isFinal()) {
          break;
        }
        // what the node waits for (e.g. drained, held for MapReduce jobs that ran there)
        if (r.getDiagnostics() != null && !r.getDiagnostics().equals(nodeSaid)) {
          out.println("Node " + node + " " + r.getState() + ": " + r.getDiagnostics());
        }
        nodeSaid = r.getDiagnostics();
        Thread.sleep(pollMs);
        r = client.getNodeDrainReport(node);
      }
      int migrated = 0;
      boolean ok = r.getState() == NodeDrainState.DECOMMISSIONED;
      for (NodeDrainContainerReport c : r.getContainers()) {
        if (c.getState() == NodeDrainContainerState.MIGRATED) {
          migrated++;
        } else if (c.getState() != NodeDrainContainerState.FINISHED) {
          ok = false;
        }
      }
      out.println("Node " + node + " " + r.getState() + ": " + migrated + " of "
          + r.getContainers().size() + " containers migrated"
          + (r.getDiagnostics() == null ? "" : " (" + r.getDiagnostics() + ")"));
      return ok ? 0 : 1;
    } catch (YarnException e) {
      errOut.println("decommission: " + e.getMessage());
      return 1;
    } finally {
      client.stop();
    }
  }

  private static String line(NodeDrainContainerReport c) {
    StringBuilder b = new StringBuilder("  ").append(c.getContainerId()).append("  ")
        .append(c.getState());
    if (c.getMigrationId() != null) {
      b.append("  ").append(c.getMigrationId()).append(" -> ").append(c.getTargetNode());
      if (c.getAttempts() > 1) {
        b.append(" (attempt ").append(c.getAttempts()).append(')');
      }
    }
    if (c.getDiagnostics() != null) {
      b.append("  ").append(c.getDiagnostics());
    }
    return b.toString();
  }
}
