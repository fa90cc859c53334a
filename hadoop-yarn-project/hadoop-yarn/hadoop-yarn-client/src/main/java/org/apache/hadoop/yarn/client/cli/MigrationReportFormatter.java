/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.util.StringUtils;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;

/**
 * Text of the container migration commands of {@link ContainerMigrationCLI}: phase lines,
 * the final summary, one detailed report and the list table. Pure functions of the
 * reports (all times come from the server's report, none from the local clock), so the
 * output is the same however often the CLI polled.
 */
@Private
final class MigrationReportFormatter {

  static final String NA = "N/A";

  /** Columns of {@code -migrations}. */
  static final String TABLE_PATTERN =
      "%-30s\t%-42s\t%-13s\t%-13s\t%-30s\t%-30s\t%12s\t%12s\t%16s\t%s";

  private MigrationReportFormatter() {
  }

  /** {@code 1234} ms as {@code "1.234 s"}; negative values as 0. */
  static String duration(long ms) {
    long v = Math.max(0L, ms);
    return String.format(Locale.ROOT, "%d.%03d s", v / 1000, v % 1000);
  }

  static String orNa(Object value) {
    return value == null ? NA : value.toString();
  }

  /** {@code "123456789012 bytes (114.98 GB)"}. */
  static String bytes(long bytes) {
    return bytes + " bytes (" + StringUtils.byteDesc(bytes) + ")";
  }

  /** The phases of the report, oldest first, never null. */
  static List<ContainerMigrationPhase> phases(ContainerMigrationReport report) {
    List<ContainerMigrationPhase> phases = report.getPhases();
    return phases == null ? Collections.<ContainerMigrationPhase>emptyList() : phases;
  }

  /** Where "time since submit" counts from: submit time, else the first phase start. */
  static long origin(ContainerMigrationReport report) {
    if (report.getSubmitTime() > 0) {
      return report.getSubmitTime();
    }
    List<ContainerMigrationPhase> phases = phases(report);
    return phases.isEmpty() ? 0L : phases.get(0).getStartTime();
  }

  /** How long a phase took; an open phase ({@code endTime == 0}) up to {@code next}. */
  static long phaseDuration(ContainerMigrationPhase phase, long next) {
    long end = phase.getEndTime() > 0 ? phase.getEndTime() : next;
    return end - phase.getStartTime();
  }

  /**
   * The line printed when a migration enters the phase at {@code index}:
   * {@code "  CHECKPOINTING  +1.500 s  (ALLOCATING took 1.380 s)"}.
   */
  static String phaseLine(ContainerMigrationReport report, int index) {
    List<ContainerMigrationPhase> phases = phases(report);
    ContainerMigrationPhase phase = phases.get(index);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-13s  +%s",
        phase.getState(), duration(phase.getStartTime() - origin(report))));
    if (index > 0) {
      ContainerMigrationPhase previous = phases.get(index - 1);
      line.append("  (").append(previous.getState()).append(" took ")
          .append(duration(phaseDuration(previous, phase.getStartTime()))).append(')');
    }
    return line.toString();
  }

  /** First line after the RM accepted a migration. */
  static String submitted(ContainerMigrationReport report) {
    return submitted(report, null);
  }

  /**
   * First line after the RM accepted a migration of {@code named}; when the RM moves
   * another container of its chain (named is an earlier id), both show:
   * {@code "... of container <named> (now <current>) accepted: ..."}.
   */
  static String submitted(ContainerMigrationReport report, ContainerId named) {
    String container = orNa(report.getContainerId());
    if (named != null && report.getContainerId() != null
        && !named.equals(report.getContainerId())) {
      container = named + " (now " + report.getContainerId() + ")";
    }
    return "Migration " + report.getMigrationId() + " of container " + container
        + " accepted: " + orNa(report.getSourceNode()) + " -> "
        + orNa(report.getTargetNode()) + ", strategy " + orNa(report.getStrategy())
        + ", TCP " + orNa(report.getTcpMode())
        + (report.getPlacement() == null ? "" : " (target chosen by the ResourceManager: "
            + report.getPlacement() + ")");
  }

  /**
   * Where a container runs after its migrations, from the reports of its chain (what the RM
   * lists for {@code -migrations -containerId <any id of the chain>}): the SUCCEEDED ones
   * link each container to the next.
   */
  static final class Whereabouts {
    private final ContainerId original;
    private final ContainerId current;
    private final NodeId node;
    private final int moves;
    private final ContainerMigrationReport inFlight;

    Whereabouts(ContainerId original, ContainerId current, NodeId node, int moves,
        ContainerMigrationReport inFlight) {
      this.original = original;
      this.current = current;
      this.node = node;
      this.moves = moves;
      this.inFlight = inFlight;
    }

    /** The container that runs now. */
    ContainerId getCurrent() {
      return current;
    }

    /** Succeeded migrations from the original to the current container. */
    int getMoves() {
      return moves;
    }

    /** {@code "Migrated: <original> now runs as <current> on <node> (2 moves)"}. */
    String migratedLine() {
      return "Migrated: " + original + " now runs as " + current + " on " + orNa(node)
          + " (" + moves + (moves == 1 ? " move)" : " moves)");
    }

    /**
     * {@code "Migrating: <current> to <node> (migration <id>, <STATE>)"} while a migration
     * of the current container is in flight, else null.
     */
    String migratingLine() {
      if (inFlight == null) {
        return null;
      }
      return "Migrating: " + current + " to " + orNa(inFlight.getTargetNode())
          + " (migration " + inFlight.getMigrationId() + ", " + inFlight.getState() + ")";
    }
  }

  /** The whereabouts of {@code named} given the reports of its chain (any order). */
  static Whereabouts whereabouts(ContainerId named, List<ContainerMigrationReport> chain) {
    Map<ContainerId, ContainerMigrationReport> forward =
        new HashMap<ContainerId, ContainerMigrationReport>();
    Map<ContainerId, ContainerId> back = new HashMap<ContainerId, ContainerId>();
    for (ContainerMigrationReport r : chain) {
      if (r.getState() == ContainerMigrationState.SUCCEEDED && r.getContainerId() != null
          && r.getTargetContainerId() != null) {
        forward.put(r.getContainerId(), r);
        back.put(r.getTargetContainerId(), r.getContainerId());
      }
    }
    ContainerId original = named;
    for (int guard = 0; back.containsKey(original) && guard <= chain.size(); guard++) {
      original = back.get(original);
    }
    ContainerId current = original;
    NodeId node = null;
    int moves = 0;
    for (ContainerMigrationReport hop; (hop = forward.get(current)) != null
        && moves <= chain.size(); moves++) {
      current = hop.getTargetContainerId();
      node = hop.getTargetNode();
    }
    ContainerMigrationReport inFlight = null;
    for (ContainerMigrationReport r : chain) {
      if (current.equals(r.getContainerId()) && r.getState() != null
          && !r.getState().isFinal()) {
        inFlight = r;
      }
    }
    return new Whereabouts(original, current, node, moves, inFlight);
  }

  /** Total time of a finished migration, or null while it runs. */
  static Long totalTime(ContainerMigrationReport report) {
    if (report.getFinishTime() <= 0) {
      return null;
    }
    return report.getFinishTime() - origin(report);
  }

  /** The summary printed once {@code -migrate} saw the final state. */
  static List<String> summary(ContainerMigrationReport report) {
    List<String> lines = new ArrayList<String>();
    Long total = totalTime(report);
    lines.add("Migration " + report.getMigrationId() + " " + report.getState());
    lines.add("  Total time   : " + (total == null ? NA : duration(total)));
    lines.add("  Downtime     : " + duration(report.getFrozenTimeMs()));
    lines.add("  Image size   : " + bytes(report.getImageBytes()));
    if (report.getDumpTimeMs() > 0 || report.getTransferredBytes() > 0) {
      // measured by the source NodeManager: absent when the migration ended before
      lines.add("  On the source: dump " + duration(report.getDumpTimeMs()) + ", transfer "
          + duration(report.getTransferTimeMs()) + " ("
          + bytes(report.getTransferredBytes()) + ")");
    }
    lines.add("  Nodes        : " + orNa(report.getSourceNode()) + " -> "
        + orNa(report.getTargetNode()));
    lines.add("  Container    : " + orNa(report.getContainerId()) + " -> "
        + orNa(report.getTargetContainerId()));
    if (report.getState() != ContainerMigrationState.SUCCEEDED
        && report.getDiagnostics() != null && !report.getDiagnostics().isEmpty()) {
      lines.add("  Diagnostics  : " + report.getDiagnostics());
    }
    return lines;
  }

  /**
   * House-style failure line: the report's failure ("Checkpoint of X (migration M, node N)
   * failed: cause"); from an RM without it, "Migration of X (migration M, node N) failed:
   * cause", or the RM's diagnostics alone when they name the container already: a message
   * is not repeated inside itself.
   */
  static String failure(ContainerMigrationReport report) {
    if (report.getFailure() != null) {
      return report.getFailure().getMessage();
    }
    String cause = report.getDiagnostics() == null || report.getDiagnostics().isEmpty()
        ? "no diagnostics" : report.getDiagnostics();
    if (report.getContainerId() != null
        && cause.contains(report.getContainerId().toString())) {
      return cause;
    }
    return MigrationFailure.of(Step.MIGRATION, orNa(report.getContainerId()),
        report.getMigrationId(), orNa(report.getSourceNode()), cause).getMessage();
  }

  /** {@code -migration <id>}: every field, one per line, in the style of ApplicationCLI. */
  static List<String> detail(ContainerMigrationReport report) {
    List<String> lines = new ArrayList<String>();
    Long total = totalTime(report);
    lines.add("Container Migration Report :");
    lines.add("\tMigration-Id : " + report.getMigrationId());
    lines.add("\tContainer-Id : " + orNa(report.getContainerId()));
    lines.add("\tTarget-Container-Id : " + orNa(report.getTargetContainerId()));
    lines.add("\tApplication-Id : " + orNa(report.getApplicationId()));
    lines.add("\tUser : " + orNa(report.getUser()));
    lines.add("\tSource-Node : " + orNa(report.getSourceNode()));
    lines.add("\tTarget-Node : " + orNa(report.getTargetNode()));
    lines.add("\tState : " + orNa(report.getState()));
    lines.add("\tStrategy : " + orNa(report.getStrategy()));
    lines.add("\tTCP-Mode : " + orNa(report.getTcpMode()));
    lines.add("\tReason : " + orNa(report.getReason()));
    lines.add("\tPlacement : " + (report.getPlacement() == null ? "named by the request"
        : report.getPlacement()));
    lines.add("\tSubmit-Time : " + report.getSubmitTime());
    lines.add("\tFinish-Time : " + report.getFinishTime());
    lines.add("\tTotal-Time : " + (total == null ? NA : duration(total)));
    lines.add("\tDowntime : " + duration(report.getFrozenTimeMs()));
    lines.add("\tImage-Size : " + bytes(report.getImageBytes()));
    lines.add("\tDump : " + duration(report.getDumpTimeMs()));
    lines.add("\tTransfer : " + duration(report.getTransferTimeMs()) + ", "
        + bytes(report.getTransferredBytes()));
    lines.add("\tPhases : " + phaseSummary(report));
    lines.add("\tDiagnostics : " + (report.getDiagnostics() == null ? ""
        : report.getDiagnostics()));
    return lines;
  }

  /** {@code "NEW 0.001 s -> ALLOCATING 0.500 s -> TRANSFERRING (current)"}. */
  static String phaseSummary(ContainerMigrationReport report) {
    List<ContainerMigrationPhase> phases = phases(report);
    if (phases.isEmpty()) {
      return NA;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < phases.size(); i++) {
      ContainerMigrationPhase phase = phases.get(i);
      if (i > 0) {
        text.append(" -> ");
      }
      text.append(phase.getState());
      boolean last = i == phases.size() - 1;
      if (!last) {
        text.append(' ').append(
            duration(phaseDuration(phase, phases.get(i + 1).getStartTime())));
      } else if (phase.getState() != null && !phase.getState().isFinal()) {
        text.append(" (current)");
      }
    }
    return text.toString();
  }

  /** {@code -migrations}: a count line, a header and one row per report. */
  static List<String> table(List<ContainerMigrationReport> reports) {
    List<String> lines = new ArrayList<String>();
    lines.add("Total number of migrations :" + reports.size());
    lines.add(String.format(Locale.ROOT, TABLE_PATTERN, "Migration-Id", "Container-Id",
        "State", "Strategy", "Source-Node", "Target-Node", "Total-Time", "Downtime",
        "Image-Bytes", "Reason"));
    for (ContainerMigrationReport r : reports) {
      Long total = totalTime(r);
      lines.add(String.format(Locale.ROOT, TABLE_PATTERN, r.getMigrationId(),
          orNa(r.getContainerId()), orNa(r.getState()), orNa(r.getStrategy()),
          orNa(r.getSourceNode()), orNa(r.getTargetNode()),
          total == null ? NA : duration(total), duration(r.getFrozenTimeMs()),
          r.getImageBytes(), orNa(r.getReason())));
    }
    return lines;
  }
}
