/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;

/**
 * The source's watchdog gives a migration up (request GVUP of {@link TransferProtocol}):
 * it kept the tree frozen past its deadline and asks the target, which alone knows whether
 * the tree runs there, what to do with it. The target decides atomically with its own
 * record of the migration, so that the tree never runs on both nodes.
 */
public final class GiveUp {

  /** What the source must do with its frozen tree. */
  public enum Verdict {
    /** Nothing of the migration will run on the target (its images are gone): thaw. */
    THAW,
    /** The tree runs on the target: end the frozen source tree. */
    KILL,
    /** The target cannot tell yet (a restore runs, or failed unended): ask again later. */
    UNDECIDED
  }

  /** The target's side: decides, for a migration whose source gives it up. */
  public interface Handler {
    /**
     * @return the verdict and why (the reason is logged on both nodes)
     * @throws IOException if the target cannot decide now
     */
    Answer giveUp(String migrationId) throws IOException;
  }

  /** A verdict with its reason. */
  public static final class Answer {
    private final Verdict verdict;
    private final String reason;

    public Answer(Verdict verdict, String reason) {
      this.verdict = verdict;
      this.reason = reason;
    }

    public Verdict getVerdict() {
      return verdict;
    }

    public String getReason() {
      return reason;
    }

    @Override
    public String toString() {
      return verdict + " (" + reason + ")";
    }
  }

  private GiveUp() {
  }
}
