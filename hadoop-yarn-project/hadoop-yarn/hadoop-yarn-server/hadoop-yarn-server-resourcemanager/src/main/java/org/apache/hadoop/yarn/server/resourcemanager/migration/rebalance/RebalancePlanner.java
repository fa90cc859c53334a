/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * Which containers the rebalancer moves: one pure decision of the nodes' loads (no cluster,
 * no clock; inputs never modified), tested with a table.
 *
 * <p>A node's load is its memory utilisation, allocated / capacity. Within each partition
 * (node label), over its RUNNING nodes, the cluster is uneven when the most loaded node's
 * load minus the least loaded one's is above the threshold. Then, one move at a time and up
 * to {@code maxMoves}: from the most loaded node, the movable container (not an
 * ApplicationMaster, not cooling down) that fits on the least loaded node that takes one
 * (as the scheduler counts fit) and leaves the two nodes' loads closest together, if that
 * brings them closer than before (on a tie the smaller container, then the lower id); the loads are updated as if the move were done, and the
 * next move is chosen from those. A move never goes to another partition, a node that is
 * not RUNNING or a node it does not fit on.
 */
public final class RebalancePlanner {

  /** Whether a container of the given size fits in a node's unallocated resources. */
  public interface Fit {
    boolean fits(Resource needed, Resource unallocated);
  }

  private final float threshold;
  private final Fit fit;

  /** @param threshold the spread of loads above which a partition is uneven, in (0, 1) */
  public RebalancePlanner(float threshold, Fit fit) {
    this.threshold = threshold;
    this.fit = fit;
  }

  /** A node with its capacity, what is allocated on it and its containers. */
  public static final class Node {
    private final NodeId id;
    private final NodeState state;
    private final String partition;
    private final Resource capability;
    private final Resource allocated;
    private final List<Movable> containers;

    /** @param partition its node label ("" for the default partition) */
    public Node(NodeId id, NodeState state, String partition, Resource capability,
        Resource allocated, List<Movable> containers) {
      this.id = id;
      this.state = state;
      this.partition = partition == null ? "" : partition;
      this.capability = capability;
      this.allocated = allocated;
      this.containers = containers;
    }

    public NodeId getId() {
      return id;
    }
  }

  /** A running container as the rebalancer sees it. */
  public static final class Movable {
    private final ContainerId id;
    private final Resource resource;
    private final String why;

    /**
     * @param why null when it may move; else why not (an ApplicationMaster, cooling down,
     *     in a migration)
     */
    public Movable(ContainerId id, Resource resource, String why) {
      this.id = id;
      this.resource = resource;
      this.why = why;
    }

    public ContainerId getId() {
      return id;
    }

    public Resource getResource() {
      return resource;
    }
  }

  /** One planned migration. */
  public static final class Move {
    private final ContainerId container;
    private final NodeId from;
    private final NodeId to;
    private final String reason;

    Move(ContainerId container, NodeId from, NodeId to, String reason) {
      this.container = container;
      this.from = from;
      this.to = to;
      this.reason = reason;
    }

    public ContainerId getContainer() {
      return container;
    }

    public NodeId getFrom() {
      return from;
    }

    public NodeId getTo() {
      return to;
    }

    /** "rebalance: memory allocated on A 50% (2048/4096 MB), on B 6% ...". */
    public String getReason() {
      return reason;
    }

    @Override
    public String toString() {
      return container + " " + from + " -> " + to + " (" + reason + ")";
    }
  }

  /** What {@link #plan} found. */
  public static final class Plan {
    private final boolean uneven;
    private final float spread;
    private final List<Move> moves;
    private final String summary;

    Plan(boolean uneven, float spread, List<Move> moves, String summary) {
      this.uneven = uneven;
      this.spread = spread;
      this.moves = moves;
      this.summary = summary;
    }

    /** Whether a partition's spread was above the threshold. */
    public boolean isUneven() {
      return uneven;
    }

    /** The largest spread of loads of a partition, before any move. */
    public float getSpread() {
      return spread;
    }

    /** The moves, in order; empty when even or when nothing can move. */
    public List<Move> getMoves() {
      return moves;
    }

    /** One line: each partition's spread and what was decided. */
    public String getSummary() {
      return summary;
    }

    @Override
    public String toString() {
      return summary + (moves.isEmpty() ? "" : ": " + moves);
    }
  }

  /** A node's load as the plan goes on. */
  private static final class Load {
    final Node node;
    long allocatedMb;
    long unallocatedMb;
    int unallocatedVcores;
    final List<Movable> containers;

    Load(Node node) {
      this.node = node;
      this.allocatedMb = node.allocated.getMemorySize();
      this.unallocatedMb = node.capability.getMemorySize() - allocatedMb;
      this.unallocatedVcores = node.capability.getVirtualCores()
          - node.allocated.getVirtualCores();
      this.containers = new ArrayList<>(node.containers);
    }

    float load() {
      return loadWith(0);
    }

    /** The load were {@code deltaMb} more allocated. */
    float loadWith(long deltaMb) {
      long cap = node.capability.getMemorySize();
      return cap <= 0 ? 1f : (float) (allocatedMb + deltaMb) / cap;
    }

    Resource unallocated() {
      return Resource.newInstance(unallocatedMb, unallocatedVcores);
    }

    void take(Resource r) {
      allocatedMb += r.getMemorySize();
      unallocatedMb -= r.getMemorySize();
      unallocatedVcores -= r.getVirtualCores();
    }

    void give(Resource r) {
      allocatedMb -= r.getMemorySize();
      unallocatedMb += r.getMemorySize();
      unallocatedVcores += r.getVirtualCores();
    }

    String describe() {
      return String.format(Locale.ROOT, "%s %d%% (%d/%d MB)", node.id,
          Math.round(load() * 100), allocatedMb, node.capability.getMemorySize());
    }
  }

  private static final Comparator<Load> BY_LOAD = new Comparator<Load>() {
    @Override
    public int compare(Load a, Load b) {
      int c = Float.compare(a.load(), b.load());
      return c != 0 ? c : a.node.id.toString().compareTo(b.node.id.toString());
    }
  };

  /**
   * @param nodes every node of the cluster, in any state
   * @param maxMoves at most this many moves
   */
  public Plan plan(List<Node> nodes, int maxMoves) {
    Map<String, List<Load>> partitions = new LinkedHashMap<>();
    for (Node n : nodes) {
      if (n.state != NodeState.RUNNING || n.capability.getMemorySize() <= 0) {
        continue;
      }
      List<Load> p = partitions.get(n.partition);
      if (p == null) {
        p = new ArrayList<>();
        partitions.put(n.partition, p);
      }
      p.add(new Load(n));
    }
    boolean uneven = false;
    float maxSpread = 0f;
    List<Move> moves = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (Map.Entry<String, List<Load>> p : partitions.entrySet()) {
      List<Load> loads = p.getValue();
      String name = p.getKey().isEmpty() ? "default partition" : "partition " + p.getKey();
      if (loads.size() < 2) {
        summary.add(name + ": one RUNNING node");
        continue;
      }
      Collections.sort(loads, BY_LOAD);
      float spread = last(loads).load() - loads.get(0).load();
      maxSpread = Math.max(maxSpread, spread);
      String before = String.format(Locale.ROOT, "%s: spread %.2f (%s, %s)", name, spread,
          last(loads).describe(), loads.get(0).describe());
      if (spread <= threshold) {
        summary.add(before + " within " + fmt(threshold));
        continue;
      }
      uneven = true;
      int planned = moves.size();
      String stop = null;
      while (moves.size() < maxMoves) {
        Collections.sort(loads, BY_LOAD);
        Load hi = last(loads);
        float gap = hi.load() - loads.get(0).load();
        if (gap <= threshold) {
          stop = "even after " + (moves.size() - planned) + " move(s)";
          break;
        }
        Move m = bestMove(hi, loads);
        if (m == null) {
          stop = "no container of " + hi.node.id + " can move to a less loaded node"
              + " and bring them closer (" + whyNot(hi) + ")";
          break;
        }
        moves.add(m);
      }
      summary.add(before + " above " + fmt(threshold) + ": " + (moves.size() - planned)
          + " move(s)" + (stop == null ? " (at most " + maxMoves + ")" : ", " + stop));
    }
    return new Plan(uneven, maxSpread, moves, summary.isEmpty() ? "no RUNNING node"
        : String.join("; ", summary));
  }

  /** The move off {@code hi} that leaves it and a less loaded node closest, or null. */
  private Move bestMove(Load hi, List<Load> loads) {
    Load bestTo = null;
    Movable best = null;
    float bestGap = Float.MAX_VALUE;
    for (Load to : loads) {
      if (to == hi || to.load() >= hi.load()) {
        continue;
      }
      float gapNow = hi.load() - to.load();
      for (Movable c : hi.containers) {
        if (c.why != null || !fit.fits(c.resource, to.unallocated())) {
          continue;
        }
        long mb = c.resource.getMemorySize();
        float after = Math.abs(hi.loadWith(-mb) - to.loadWith(mb));
        if (after < gapNow && (best == null || after < bestGap
            || (after == bestGap && cheaper(c, best)))) {
          best = c;
          bestTo = to;
          bestGap = after;
        }
      }
      if (best != null) {
        break; // the least loaded node that takes one
      }
    }
    if (best == null) {
      return null;
    }
    String reason = "rebalance: memory allocated " + hi.describe() + " and " + bestTo.describe()
        + ", spread " + fmt(hi.load() - bestTo.load()) + " above " + fmt(threshold);
    hi.containers.remove(best);
    hi.give(best.resource);
    bestTo.take(best.resource);
    bestTo.containers.add(new Movable(best.id, best.resource, "moved by this plan"));
    return new Move(best.id, hi.node.id, bestTo.node.id, reason);
  }

  /** On a tie the smaller container moves (fewer pages to copy), then the lower id. */
  private static boolean cheaper(Movable a, Movable b) {
    int c = Long.compare(a.resource.getMemorySize(), b.resource.getMemorySize());
    return c != 0 ? c < 0 : a.id.compareTo(b.id) < 0;
  }

  private static String whyNot(Load hi) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Movable c : hi.containers) {
      String k = c.why == null ? "too large to fit or to help" : c.why;
      Integer n = counts.get(k);
      counts.put(k, n == null ? 1 : n + 1);
    }
    if (counts.isEmpty()) {
      return "it runs no container";
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      out.add(e.getValue() + " " + e.getKey());
    }
    return String.join(", ", out);
  }

  private static Load last(List<Load> loads) {
    return loads.get(loads.size() - 1);
  }

  private static String fmt(float f) {
    return String.format(Locale.ROOT, "%.2f", f);
  }
}
