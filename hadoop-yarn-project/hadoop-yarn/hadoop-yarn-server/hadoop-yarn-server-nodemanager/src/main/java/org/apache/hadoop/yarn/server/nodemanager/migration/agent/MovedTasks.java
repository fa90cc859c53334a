/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.TaskFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.WorkDirCopier;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.AppDirFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferException;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TaskOutputs;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSecretManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This NodeManager's record of the MapReduce tasks that migrated, so that a moved map's
 * output stays fetchable where the MR AM says it is: on the node the task started on.
 * <ul>
 *   <li>moved away (this node was the source): attempt -&gt; the migration, its target's
 *       transfer address and this node's app dir; recorded when the migration completed
 *       here. When the shuffle is asked for such an attempt's output and has none,
 *       {@link #pullBack} fetches it from the target (request TOUT, the migration's token)
 *       into this node's app dir, once, and the shuffle serves it.</li>
 *   <li>moved in (this node was the target): migration -&gt; application and this node's
 *       app dir; recorded when the migration completed with the tree running here. It
 *       answers the source's pull ({@link #outputDir}), for attempts of that application
 *       only, pulling from further on first when the task moved on again.</li>
 * </ul>
 * Both are forgotten when the application finishes on this node. Once a source node is
 * gone, the reducers cannot fetch from it: the MR AM re-runs the map after their fetch
 * failures, as for any lost node.
 *
 * <p>The shuffle ({@code org.apache.hadoop.mapred.MigratingShuffleHandler}, another aux
 * service of this NodeManager) reaches the record through {@link #onThisNode()}, set
 * while the migration service runs: the one static seam between the two.
 */
public final class MovedTasks implements TaskOutputs.Handler {

  private static final Logger LOG = LoggerFactory.getLogger(MovedTasks.class);

  /** The record of the running migration service of this JVM, for the shuffle. */
  private static volatile MovedTasks current;

  /** A task that moved away from this node. */
  private static final class Away {
    final String migrationId;
    final InetSocketAddress target;
    final Path appDir;

    Away(String migrationId, InetSocketAddress target, Path appDir) {
      this.migrationId = migrationId;
      this.target = target;
      this.appDir = appDir;
    }
  }

  /** A migration whose tree came to this node. */
  private static final class In {
    final String applicationId;
    final Path appDir;

    In(String applicationId, Path appDir) {
      this.applicationId = applicationId;
      this.appDir = appDir;
    }
  }

  private final Map<String, Away> away = new ConcurrentHashMap<>();
  private final Map<String, In> in = new ConcurrentHashMap<>();
  private final ImageSender sender;
  private final TransferSecretManager secrets;
  private final ReceivedImages scratch;

  /**
   * @param sender pulls outputs back
   * @param secrets mints the migration's token for a pull
   * @param scratch where a pull lands before it is placed (this NodeManager's own dirs)
   */
  public MovedTasks(ImageSender sender, TransferSecretManager secrets, ReceivedImages scratch) {
    this.sender = sender;
    this.secrets = secrets;
    this.scratch = scratch;
  }

  /** The record of this NodeManager's running migration service, or null. */
  public static MovedTasks onThisNode() {
    return current;
  }

  static void setOnThisNode(MovedTasks tasks) {
    current = tasks;
  }

  /** Source side, on completion: the tree ran these attempts and lives on the target now. */
  void movedAway(Collection<String> attempts, String migrationId, InetSocketAddress target,
      Path appDir) {
    for (String a : attempts) {
      away.put(a, new Away(migrationId, target, appDir));
      LOG.info("Task {} moved away by migration {} to {}: its output is pulled back from"
          + " there when asked for here", a, migrationId, target);
    }
  }

  /** Target side, on completion: the migration's tree runs here, in this app dir. */
  void movedIn(String migrationId, String applicationId, Path appDir) {
    in.put(migrationId, new In(applicationId, appDir));
  }

  /** The application finished on this node: forget its tasks. */
  void applicationFinished(String applicationId) {
    in.values().removeIf(i -> i.applicationId.equals(applicationId));
    away.keySet().removeIf(a -> {
      try {
        return TaskOutputs.applicationOf(a).equals(applicationId);
      } catch (IOException e) {
        return true;
      }
    });
  }

  /**
   * Shuffle side: if the attempt moved away from this node and its output is not here,
   * pulls it back from the node it moved to (once: concurrent callers wait for it).
   *
   * @return whether the attempt moved away from here (its output is here now)
   * @throws IOException if it moved away and its output could not be pulled back
   */
  public boolean pullBack(String attempt) throws IOException {
    Away a = away.get(attempt);
    if (a == null) {
      return false;
    }
    synchronized (a) {
      Path dir = outputOf(a.appDir, attempt);
      if (hasOutput(dir)) {
        return true;
      }
      long start = System.nanoTime();
      Path root = scratch.getRoots().get(0).resolve("taskoutput-" + attempt + "-"
          + System.nanoTime() + ReceivedImages.PARTIAL_SUFFIX);
      try {
        Path into = root.resolve(TaskFiles.OUTPUT_DIR).resolve(attempt);
        Files.createDirectories(into, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        List<String> names;
        try {
          names = sender.pullTaskOutput(a.target, a.migrationId,
              secrets.createToken(a.migrationId), attempt, into);
        } catch (ImageTransferException e) {
          throw new IOException("The output of " + attempt + " (moved by migration "
              + a.migrationId + " to " + e.getNode() + ") could not be pulled back: "
              + e.getDetail() + ". The MR AM re-runs the map once reducers report their"
              + " fetch failures", e);
        }
        List<String> rels = new ArrayList<>();
        for (String n : names) {
          rels.add(TaskFiles.OUTPUT_DIR + "/" + attempt + "/" + n);
        }
        // sorted: file.out before file.out.index, which the shuffle looks for first
        Collections.sort(rels);
        AppDirFiles.place(root, a.appDir, rels);
        LOG.info("Pulled back the output of {} (moved by migration {}) from {}: {} in {} ms",
            attempt, a.migrationId, a.target, names, (System.nanoTime() - start) / 1000000);
        return true;
      } finally {
        try {
          WorkDirCopier.deleteTree(root);
        } catch (IOException e) {
          LOG.warn("Could not delete {}", root, e);
        }
      }
    }
  }

  /**
   * Target side (request TOUT): the finished output of the attempt, for the source of a
   * migration whose tree came here.
   */
  @Override
  public Path outputDir(String migrationId, String attempt) throws IOException {
    In i = in.get(migrationId);
    if (i == null) {
      throw new IOException("no completed migration " + migrationId + " brought a task to"
          + " this node (or its application finished here)");
    }
    if (!TaskOutputs.applicationOf(attempt).equals(i.applicationId)) {
      throw new IOException(attempt + " is not of " + i.applicationId + ", the application"
          + " migration " + migrationId + " moved");
    }
    Path dir = outputOf(i.appDir, attempt);
    if (hasOutput(dir) || pullBack(attempt)) {
      return dir;
    }
    throw new IOException("no finished output of " + attempt + " on this node (the task"
        + " has not finished here)");
  }

  private static Path outputOf(Path appDir, String attempt) {
    return appDir.resolve(TaskFiles.OUTPUT_DIR).resolve(attempt);
  }

  /** Whether a finished map output is in dir (its index, written last, is there). */
  private static boolean hasOutput(Path dir) {
    return Files.isDirectory(dir.getParent(), LinkOption.NOFOLLOW_LINKS)
        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(dir.resolve(TaskFiles.INDEX_FILE), LinkOption.NOFOLLOW_LINKS);
  }
}
