/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CRIU process that goes on after it is ready: a post-copy dump serving its pages
 * ({@link Criu#startLazyDump}) or a {@code criu lazy-pages} daemon feeding a restore
 * ({@link Criu#startLazyPages}). {@link #awaitEnd} waits for its end and reports a failure
 * from its log; {@link #close()} kills it if it still runs.
 */
public final class CriuBackground implements Closeable {

  private final String verb;
  private final String target;
  private final List<String> argv;
  private final Process process;
  private final Path log;

  CriuBackground(String verb, String target, List<String> argv, Process process, Path log) {
    this.verb = verb;
    this.target = target;
    this.argv = argv;
    this.process = process;
    this.log = log;
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process's pid. */
  public int pid() {
    return ProcessTree.pidOf(process);
  }

  /** The log CRIU writes. */
  public Path getLog() {
    return log;
  }

  /**
   * Waits until the process ends, at most {@code timeoutMs}.
   *
   * @throws CriuException when it ended with an error (its first error line from the log)
   *     or still runs at the deadline (it is left running: {@link #close()} ends it)
   */
  public void awaitEnd(long timeoutMs) throws CriuException {
    boolean ended;
    try {
      ended = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CriuException(verb, target, -1, false, argv, "interrupted",
          java.util.Collections.<String>emptyList(), e);
    }
    if (!ended) {
      throw Criu.failure(verb, target, new CriuCommandResult(argv,
          CriuCommandResult.TIMED_OUT_EXIT_CODE, "", "", true), log, null);
    }
    if (process.exitValue() != 0) {
      throw Criu.failure(verb, target, new CriuCommandResult(argv, process.exitValue(), "",
          "", false), log, null);
    }
  }

  /** Kills the process (SIGKILL) if it still runs and waits for it, at most 10 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "criu " + verb + " of " + target + (process.isAlive() ? " (running)" : " (ended)");
  }
}
