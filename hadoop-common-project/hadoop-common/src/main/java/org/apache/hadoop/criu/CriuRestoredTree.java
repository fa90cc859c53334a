/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tree restored in the foreground by {@link Criu#startRestore}: the CRIU process (a child
 * of this JVM, parent of the tree, waiting for it) and the tree's root pid.
 * {@link #close()} kills both: SIGKILL to the root (a pid-namespace init ignores SIGTERM
 * without a handler, CRIU ignores it while waiting), then to CRIU.
 */
public final class CriuRestoredTree implements Closeable {
  private final Process criuProcess;
  private final int pid;
  private final Path workDir;

  CriuRestoredTree(Process criuProcess, int pid, Path workDir) {
    this.criuProcess = criuProcess;
    this.pid = pid;
    this.workDir = workDir;
  }

  /** Host pid of the restored root task. */
  public int getPid() {
    return pid;
  }

  /** The waiting {@code criu restore} process. */
  public Process getCriuProcess() {
    return criuProcess;
  }

  public boolean isAlive() {
    return criuProcess.isAlive() && ProcessTree.isAlive(pid);
  }

  /** Waits for CRIU (and so the tree) to end; its exit code, or null on timeout. */
  public Integer waitFor(long timeoutMs) throws InterruptedException {
    return criuProcess.waitFor(timeoutMs, TimeUnit.MILLISECONDS)
        ? criuProcess.exitValue() : null;
  }

  /**
   * Kills the tree and CRIU, waits up to 10 s for CRIU to be reaped and unmounts the
   * cgroup yard a killed CRIU leaves in its work dir ({@link Criu#cleanupCgroupYard}).
   * The root pid is only signalled while CRIU still runs: then it cannot have been reused.
   */
  @Override
  public void close() throws IOException {
    if (criuProcess.isAlive()) {
      ProcessTree.signal(pid, "KILL");
    }
    criuProcess.destroyForcibly();
    try {
      criuProcess.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Criu.cleanupCgroupYard(workDir);
  }

  @Override
  public String toString() {
    return "CriuRestoredTree{pid=" + pid + "}";
  }
}
