/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Candidate;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Container;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Placement;

/**
 * Placement near a container's data: of the nodes that may take it (as
 * {@link MostRoomPlacementPolicy} rules them out: not RUNNING, its source, another
 * partition, no room), the one whose host holds the most bytes of the data's blocks (a
 * block counts for every host holding a replica of it); on a tie the one with the most
 * room. None when no such node holds any of it, or when the container's own node holds at
 * least as much as the best one (moving would not bring it closer). Pure: the data's
 * locations are given ({@link DataLocations}).
 */
public final class DataPlacement {

  private DataPlacement() {
  }

  /** Where the data is: bytes per host (lower case), and the data's size. */
  public static final class Data {
    private final String what;
    private final Map<String, Long> bytesByHost;
    private final long totalBytes;

    /**
     * @param what the paths, as the report names them
     * @param bytesByHost bytes of the data's blocks each host holds, by lower-case host name
     */
    public Data(String what, Map<String, Long> bytesByHost, long totalBytes) {
      this.what = what;
      this.bytesByHost = Collections.unmodifiableMap(bytesByHost);
      this.totalBytes = totalBytes;
    }

    /** Bytes of the data on a node's host. */
    public long on(NodeId node) {
      Long b = bytesByHost.get(node.getHost().toLowerCase(Locale.ROOT));
      return b == null ? 0L : b;
    }

    public String getWhat() {
      return what;
    }

    public long getTotalBytes() {
      return totalBytes;
    }
  }

  /** The node nearest to the data, or no node and why. */
  public static Placement place(Container container, List<Candidate> nodes, Data data) {
    Candidate best = null;
    List<String> ruledOut = new ArrayList<>();
    for (Candidate c : nodes) {
      String why = MostRoomPlacementPolicy.ruledOut(container, c);
      if (why != null) {
        if (!c.getNode().equals(container.getSource())) {
          ruledOut.add(c.getNode() + " " + why);
        }
        continue;
      }
      if (best == null || data.on(c.getNode()) > data.on(best.getNode())
          || (data.on(c.getNode()) == data.on(best.getNode())
              && MostRoomPlacementPolicy.better(c, best))) {
        best = c;
      }
    }
    String source = container.getSource() + " (its node) holds " + share(data,
        data.on(container.getSource()));
    if (best == null) {
      return new Placement(null, "no node can take " + container.getId() + " ("
          + container.getResource() + ")" + (ruledOut.isEmpty()
              ? ": the cluster has no other node" : ": " + String.join("; ", ruledOut)));
    }
    long bytes = data.on(best.getNode());
    long own = data.on(container.getSource());
    if (own == 0 && bytes == 0) {
      return new Placement(null, "no node that can take " + container.getId()
          + " holds any of " + data.getWhat() + "; " + source);
    }
    if (own >= bytes) {
      return new Placement(null, container.getId() + " is already nearest to its data: "
          + source + ", the most any other node that can take it holds is " + share(data,
          bytes) + " (" + best.getNode() + ")");
    }
    return new Placement(best.getNode(), "nearest to its data: " + best.getNode()
        + " holds " + share(data, bytes) + "; " + source);
  }

  private static String share(Data data, long bytes) {
    long pct = data.getTotalBytes() <= 0 ? 0 : Math.round(100.0 * bytes / data.getTotalBytes());
    return pct + "% (" + bytes + " of " + data.getTotalBytes() + " bytes) of "
        + data.getWhat();
  }
}
