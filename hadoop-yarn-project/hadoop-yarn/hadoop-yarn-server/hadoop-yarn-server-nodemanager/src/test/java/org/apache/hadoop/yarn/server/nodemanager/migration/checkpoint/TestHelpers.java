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
final class TestHelpers {

  private TestHelpers() {
  }

  static ContainerProcesses awaitTree(int launcher) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        ContainerProcesses p = ContainerProcesses.of(launcher);
        if (!ProcessTree.children(p.getNamespaceInit()).isEmpty()) {
          return p;
        }
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }

  static void awaitNoSurvivors(ProcSnapshot s, long timeoutMs) throws InterruptedException {
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
