/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.IOException;
import java.util.Collections;

import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.yarn.server.nodemanager.migration.ProcSnapshot;

/** Test helpers around process trees and directories. */
public final class TestHelpers {

  private TestHelpers() {
  }

  /**
   * The container's processes once its namespace init has a child; fails after 20 s, also
   * when the init never gets one.
   */
  public static ContainerProcesses awaitTree(int launcher) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    IOException last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        ContainerProcesses p = ContainerProcesses.of(launcher);
        if (!ProcessTree.children(p.getNamespaceInit()).isEmpty()) {
          return p;
        }
        last = null;
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IOException("no process tree with a child of its namespace init under launcher "
        + launcher + " within 20 s", last);
  }

  public static void awaitNoSurvivors(ProcSnapshot s, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!s.survivors().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(Collections.emptyList(), s.survivors());
  }

  static void copyTree(File from, File to) throws IOException {
    to.getParentFile().mkdirs();
    WorkDirCopier.copy(from.toPath(), to.toPath());
  }

  static void deleteTree(File dir) throws IOException {
    WorkDirCopier.deleteTree(dir.toPath());
  }
}
