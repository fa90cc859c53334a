/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Candidate;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Container;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Placement;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Placement near the data as a table: most bytes, ties, nodes ruled out, no move. */
public class TestDataPlacement {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final ContainerId C = ContainerId.newContainerId(
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1), 2);
  private static final NodeId SRC = NodeId.newInstance("h0", 1);

  private static NodeId n(int i) {
    return NodeId.newInstance("H" + i, 1); // host names compare ignoring case
  }

  private static Candidate node(int i, NodeState state, String partition, int mb) {
    return new Candidate(n(i), state, partition, Resource.newInstance(mb, 4), mb >= 1024);
  }

  private static Candidate running(int i, int mb) {
    return node(i, NodeState.RUNNING, "", mb);
  }

  /** Bytes per host: {host index, bytes}...; index 0 is the source. */
  private static DataPlacement.Data data(long total, long... hostBytes) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < hostBytes.length; i += 2) {
      m.put("h" + hostBytes[i], hostBytes[i + 1]);
    }
    return new DataPlacement.Data("/data/in", m, total);
  }

  private static Placement place(DataPlacement.Data data, Candidate... nodes) {
    List<Candidate> all = new ArrayList<>(Arrays.asList(nodes));
    all.add(0, new Candidate(SRC, NodeState.RUNNING, "", Resource.newInstance(8192, 8), true));
    return DataPlacement.place(new Container(C, Resource.newInstance(1024, 1), SRC, ""),
        all, data);
  }

  @Test
  public void givenEachCase_whenPlacedNearTheData_thenTheTablesNodeAndReason() {
    Object[][] table = {
        // case, placement, expected node (null: none), expected reason (or its start)
        {"the node holding most of the data",
            place(data(300, 1, 100, 2, 300), running(1, 4096), running(2, 2048)), n(2),
            "nearest to its data: H2:1 holds 100% (300 of 300 bytes) of /data/in; h0:1 (its"
                + " node) holds 0% (0 of 300 bytes) of /data/in"},
        {"tie of bytes: the most room",
            place(data(300, 1, 150, 2, 150), running(1, 2048), running(2, 4096)), n(2),
            "nearest to its data: H2:1 holds 50%"},
        {"the best holder has no room: the next holder",
            place(data(300, 1, 100, 2, 300), running(1, 4096), running(2, 512)), n(1),
            "nearest to its data: H1:1 holds 33% (100 of 300 bytes)"},
        {"DECOMMISSIONING and other partitions are ruled out",
            place(data(300, 1, 300, 2, 200, 3, 100),
                node(1, NodeState.DECOMMISSIONING, "", 8192),
                node(2, NodeState.RUNNING, "gpu", 8192), running(3, 2048)), n(3),
            "nearest to its data: H3:1 holds 33%"},
        {"no node that can take it holds any",
            place(data(300, 9, 300), running(1, 4096)), null,
            "no node that can take " + C + " holds any of /data/in; h0:1 (its node) holds 0%"},
        {"already nearest: its own node holds as much",
            place(data(300, 0, 300, 1, 300), running(1, 4096)), null,
            C + " is already nearest to its data: h0:1 (its node) holds 100% (300 of 300"
                + " bytes) of /data/in, the most any other node that can take it holds is"
                + " 100% (300 of 300 bytes) of /data/in (H1:1)"},
        {"already nearest: its own node holds it all, no other any",
            place(data(300, 0, 300), running(1, 4096)), null,
            C + " is already nearest to its data: h0:1 (its node) holds 100% (300 of 300"
                + " bytes) of /data/in, the most any other node that can take it holds is"
                + " 0% (0 of 300 bytes) of /data/in (H1:1)"},
        {"no room anywhere",
            place(data(300, 1, 300), running(1, 512)), null,
            "no node can take " + C + " (<memory:1024, vCores:1>): H1:1 has no room"},
    };
    for (Object[] row : table) {
      Placement p = (Placement) row[1];
      assertEquals(row[0] + ": " + p, row[2], p.getNode());
      assertTrue(row[0] + ": " + p.getReason(), p.getReason().startsWith((String) row[3]));
    }
  }

  @Test
  public void givenPathsFromTheNetwork_whenChecked_thenOnlyAbsoluteBoundedPathsPass() {
    assertEquals(null, DataLocations.invalid(Arrays.asList("/data/in", "hdfs://nn:9000/x")));
    assertEquals("'data/in' is not an absolute path",
        DataLocations.invalid(Arrays.asList("data/in")));
    assertEquals("a path is empty or longer than 4096 characters",
        DataLocations.invalid(Arrays.asList("")));
    assertEquals("path '/a...' has a control character",
        DataLocations.invalid(Arrays.asList("/a\n/b")));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add("/p" + i);
    }
    assertEquals("65 paths named; at most 64", DataLocations.invalid(many));
  }
}
