/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

/**
 * A step of a migration that failed, written the one way every part of the system writes
 * it: {@code <Step> of <container> (migration <id>, node <node>) failed: <cause>}. The
 * container, the migration and the node are named once, here; the cause says what went
 * wrong (and, where there is one, what to do) without repeating them. The RM's diagnostics,
 * the NodeManager's exceptions and the CLI all show this text.
 */
public final class MigrationFailure implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** The step that failed, as the message names it. */
  public enum Step {
    /** The whole migration (what a client says of a FAILED report). */
    MIGRATION("Migration"),
    ALLOCATION("Allocation"),
    CHECKPOINT("Checkpoint"),
    TRANSFER("Transfer"),
    RESTORE("Restore"),
    COMPLETION("Completion"),
    ABORT("Abort"),
    /** Post-copy: the target's pull of the tree's memory from the source, after the restore. */
    PAGE_PULL("Page pull");

    private final String word;

    Step(String word) {
      this.word = word;
    }

    /** The step as the message's first word ("Checkpoint"). */
    public String word() {
      return word;
    }
  }

  private final Step step;
  private final String container;
  private final String migrationId;
  private final String node;
  private final String cause;

  private MigrationFailure(Step step, String container, String migrationId, String node,
      String cause) {
    this.step = step;
    this.container = container;
    this.migrationId = migrationId;
    this.node = node;
    this.cause = cause;
  }

  /**
   * @param container the container that was being moved (a ContainerId or its text)
   * @param migrationId the migration (null: not named)
   * @param node the node where the step failed (null: not named)
   * @param cause what went wrong, not naming the container, migration or node again
   */
  public static MigrationFailure of(Step step, Object container, String migrationId,
      Object node, String cause) {
    return new MigrationFailure(step, container == null ? null : String.valueOf(container),
        migrationId,
        node == null ? null : String.valueOf(node), cause);
  }

  public Step getStep() {
    return step;
  }

  public String getContainer() {
    return container;
  }

  public String getMigrationId() {
    return migrationId;
  }

  public String getNode() {
    return node;
  }

  public String getCause() {
    return cause;
  }

  /** {@code <Step> of <container> (migration <id>, node <node>) failed: <cause>}. */
  public String getMessage() {
    StringBuilder b = new StringBuilder(step.word()).append(" of ").append(container);
    if (migrationId != null || node != null) {
      b.append(" (");
      if (migrationId != null) {
        b.append("migration ").append(migrationId);
      }
      if (node != null) {
        b.append(migrationId != null ? ", " : "").append("node ").append(node);
      }
      b.append(')');
    }
    return b.append(" failed: ").append(cause).toString();
  }

  @Override
  public String toString() {
    return getMessage();
  }
}
