/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one seam with a stall of stock Hadoop 3.1.0: {@code ContainerLaunch.cleanupContainer},
 * which runs in the NodeManager's dispatcher thread, deletes a container's pid file and its
 * exit-code file ({@code <pid file>.exitcode}) and then waits up to 2 s (hard-coded) for the
 * exit-code file to appear again. That wait is meant for a container still being killed,
 * whose wrapper script writes the file when it ends; for a container that had already ended
 * (every migrated-away source, every container that exits by itself) nothing ever writes it
 * again, so every such end holds all of the node's container events for 2 s (a restore
 * started on that node just then waits with them).
 *
 * <p>Once a container's launch has returned (its processes are gone: the stock wrapper
 * returns when its session ended), this keeper watches its two files: when both are gone
 * (the clean-up deleted them) it writes the exit code, which the launch returned, into the
 * exit-code file once (a temporary file moved into place), so the clean-up's wait ends at
 * its next 100-ms look. It writes nothing while the pid file is there or the exit-code file
 * exists, never creates a directory (the container's directory under the NodeManager's
 * private dir, which only the NodeManager writes), follows no link, and gives up after
 * {@link #KEEP_MS}.
 */
final class ExitCodeFileKeeper implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(ExitCodeFileKeeper.class);

  /** Stock 3.1.0's suffix of the exit-code file (ContainerLaunch.EXIT_CODE_FILE_SUFFIX). */
  static final String EXIT_CODE_SUFFIX = ".exitcode";
  /** How often each watched container's files are looked at. */
  static final long POLL_MS = 10;
  /** Longest a container's files are watched after its launch returned. */
  static final long KEEP_MS = 30_000;

  private final ScheduledExecutorService timer;

  ExitCodeFileKeeper() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "exit-code-file-keeper");
      t.setDaemon(true);
      return t;
    });
  }

  /** The exit-code file of a pid file, as stock 3.1.0 names it. */
  static Path exitCodeFile(Path pidFile) {
    return pidFile.resolveSibling(pidFile.getFileName() + EXIT_CODE_SUFFIX);
  }

  /**
   * A container's launch returned: its exit-code file is written again once the clean-up
   * deleted it (see the class comment).
   *
   * @param containerId for the log
   * @param pidFile the container's pid file
   * @param exitCode what its launch returned
   */
  void launchReturned(String containerId, Path pidFile, int exitCode) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_MS);
    AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
    Runnable look = () -> {
      boolean done;
      try {
        done = lookOnce(containerId, pidFile, exitCode) || System.nanoTime() > deadline;
      } catch (RuntimeException e) {
        LOG.warn("Watching the exit-code file of {} failed: {}", containerId, e.toString());
        done = true;
      }
      if (done) {
        ScheduledFuture<?> f = self.get();
        if (f != null) {
          f.cancel(false);
        }
      }
    };
    try {
      self.set(timer.scheduleWithFixedDelay(look, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Keeper closed: the exit-code file of {} is not kept", containerId);
    }
  }

  /**
   * One look at a container's files.
   *
   * @return true when there is nothing more to do for it (written, or its directory gone)
   */
  static boolean lookOnce(String containerId, Path pidFile, int exitCode) {
    Path dir = pidFile.getParent();
    if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    Path exitCodeFile = exitCodeFile(pidFile);
    if (Files.exists(pidFile, LinkOption.NOFOLLOW_LINKS)
        || Files.exists(exitCodeFile, LinkOption.NOFOLLOW_LINKS)) {
      return false; // not cleaned up yet (or the wrapper wrote it: the wait ends anyway)
    }
    Path tmp = dir.resolve(exitCodeFile.getFileName() + ".keeper.tmp");
    try {
      Files.write(tmp, (exitCode + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      Files.move(tmp, exitCodeFile, StandardCopyOption.ATOMIC_MOVE);
      LOG.debug("Wrote the exit-code file of {} again for the clean-up's wait", containerId);
    } catch (IOException e) {
      // its directory went meanwhile, or the file appeared: the wait ends or is moot
      LOG.debug("Could not write the exit-code file of {}: {}", containerId, e.toString());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the directory is gone
      }
    }
    return true;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
