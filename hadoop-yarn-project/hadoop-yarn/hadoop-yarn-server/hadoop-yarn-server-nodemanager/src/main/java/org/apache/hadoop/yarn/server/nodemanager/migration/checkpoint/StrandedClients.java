/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.util.Collection;
import java.util.List;

import org.apache.hadoop.yarn.api.migration.records.ContainerNetwork;

/**
 * Trees whose clients would be stranded by a move: servers that told their clients, when
 * they started, the address of the host they run on, and whose clients never ask again.
 * A move takes the tree's listeners to the target host's address; those clients keep
 * calling the source's. Known case: MapReduce's ApplicationMaster
 * ({@code org.apache.hadoop.mapreduce.v2.app.MRAppMaster}). Its tasks reach their
 * umbilical at the host and port on their command line. Moved in TCP mode {@code CLOSE},
 * its running tasks fail 3 calls and exit (65). The attempts it starts afterwards get its
 * old address too, so the job FAILS (tried on the pseudo cluster: wordcount's AM moved
 * while its map ran, 4 map attempts failed, job FAILED). Such a tree is refused before the
 * freeze, unless it has an address of its own (its clients reach that address wherever
 * it goes: its NM_HOST is that address, which the AM advertises); it runs on where it is.
 *
 * <p>Pure: command lines in, the refusal's sentence (or null) out.
 */
public final class StrandedClients {

  /** MapReduce's ApplicationMaster main class. */
  static final String MR_APP_MASTER = "org.apache.hadoop.mapreduce.v2.app.MRAppMaster";

  private StrandedClients() {
  }

  /**
   * Why the tree cannot move without stranding its clients, as a sentence for the
   * checkpoint's error, or null.
   */
  public static String firstStranded(Collection<List<String>> cmdlines, boolean ownAddress) {
    if (ownAddress) {
      return null;
    }
    for (List<String> argv : cmdlines) {
      if (argv.contains(MR_APP_MASTER)) {
        return "the tree runs MapReduce's ApplicationMaster (" + MR_APP_MASTER + "): its"
            + " tasks reach it at the host and port it had when it started, which nothing"
            + " serves once it moved, and its job would fail. The container runs on where"
            + " it is; move its tasks instead, or give the ApplicationMaster an address of"
            + " its own (yarn.app.mapreduce.am.env: " + ContainerNetwork.OWN_ASSIGNMENT
            + "), which moves with it";
      }
    }
    return null;
  }
}
