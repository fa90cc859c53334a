/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.CheckpointException;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.CheckpointRequest;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerCheckpointer;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.FrozenCheckpoint;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.TcpListeners;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferException;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source NM side of one migration: checkpoint (the tree stays frozen), then ship the
 * checkpoint directory to the target NM's {@link MigrationAuxService} port.
 * <p>
 * On any failure (dump or transfer) the checkpoint is aborted: the tree is thawed and
 * runs on, local images are deleted, and a {@link SourceMigrationException} names the
 * container, the migration, both nodes and the cause. On success the tree is still
 * frozen: the caller calls {@link Shipped#complete()} once the target reports the tree
 * restored (the source tree is killed, the launcher exits 175, the local images are
 * deleted), or {@link Shipped#abort()} if the restore failed (the source runs on).
 */
public final class SourceMigration {

  private static final Logger LOG = LoggerFactory.getLogger(SourceMigration.class);

  /** Directory under an NM local dir that holds outgoing checkpoints. */
  public static final String OUTGOING_DIR = "migration-outgoing";

  private final ContainerCheckpointer checkpointer;
  private final ImageSender sender;
  private final String node;

  /**
   * @param checkpointer checkpoints containers of this NM
   * @param sender ships image directories
   * @param node this NM ("host:port"), for messages
   */
  public SourceMigration(ContainerCheckpointer checkpointer, ImageSender sender,
      String node) {
    this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.node = Objects.requireNonNull(node, "node");
  }

  /**
   * @param localDir an NM local dir of the source
   * @param migrationId the migration
   * @return where its checkpoint is written ({@code <localDir>/migration-outgoing/<id>})
   */
  public static File outgoingDir(String localDir, String migrationId) {
    return new File(new File(localDir, OUTGOING_DIR), migrationId);
  }

  /**
   * Checkpoints the container and ships the checkpoint to the target.
   *
   * @param request what to checkpoint (its output dir is deleted in every outcome but
   *     a pending {@link Shipped})
   * @param target the target NM's transfer address
   * @param token the migration's transfer token
   * @return the shipped checkpoint, tree still frozen
   * @throws SourceMigrationException on any failure; the container then runs on
   */
  public Shipped migrate(CheckpointRequest request, InetSocketAddress target, byte[] token)
      throws SourceMigrationException {
    String targetNode = target.getHostString() + ":" + target.getPort();
    long start = System.nanoTime();
    FrozenCheckpoint cp;
    try {
      cp = checkpointer.checkpoint(request, (listeners, terminals) -> {
        String why = sender.probeTarget(target, request.getMigrationId(), token,
            addresses(listeners), terminals);
        return why == null ? null : "the target host " + target.getHostString()
            + " cannot " + why;
      });
    } catch (CheckpointException e) {
      // The checkpointer already thawed and deleted its partial output.
      deleteQuietly(request.getOutputDir(), null);
      throw failure(request, targetNode, Stage.CHECKPOINT, e.getReason(), e, 0, 0);
    }
    long checkpointedAt = System.nanoTime();
    TransferResult transfer;
    try {
      transfer = sender.send(target, request.getMigrationId(), token,
          cp.getOutputDir().toPath());
    } catch (ImageTransferException | RuntimeException e) {
      SourceMigrationException f = failure(request, targetNode, Stage.TRANSFER,
          transferDetail(e), e, cp.getDumpTimeMs(),
          (System.nanoTime() - checkpointedAt) / 1_000_000L);
      abortQuietly(cp, f);
      deleteQuietly(request.getOutputDir(), f);
      throw f;
    }
    long frozenSoFar = cp.getFrozenTimeMs()
        + (System.nanoTime() - checkpointedAt) / 1_000_000L;
    Shipped shipped = new Shipped(request, node, targetNode, cp, transfer, frozenSoFar,
        (checkpointedAt - start) / 1_000_000L);
    LOG.info("Shipped {}", shipped);
    return shipped;
  }

  private static List<InetSocketAddress> addresses(List<TcpListeners.Listener> listeners) {
    List<InetSocketAddress> out = new ArrayList<>(listeners.size());
    for (TcpListeners.Listener l : listeners) {
      out.add(l.getAddress());
    }
    return out;
  }

  private SourceMigrationException failure(CheckpointRequest r, String targetNode,
      Stage stage, String cause, Exception e, long dumpMs, long transferMs) {
    SourceMigrationException f = new SourceMigrationException(r.getContainerId(),
        r.getMigrationId(), node, targetNode, stage, cause, e, dumpMs, transferMs);
    LOG.warn(f.getMessage());
    return f;
  }

  /** What went wrong in a transfer, without the sender's own "... failed: " head. */
  private static String transferDetail(Exception e) {
    if (e instanceof ImageTransferException) {
      return ((ImageTransferException) e).getDetail();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static void abortQuietly(FrozenCheckpoint cp, Exception primary) {
    try {
      cp.abort();
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  private static void deleteQuietly(File dir, Exception primary) {
    if (!dir.exists()) {
      return;
    }
    try {
      org.apache.hadoop.fs.FileUtil.fullyDelete(dir);
    } catch (RuntimeException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Where a migration failed on the source. */
  public enum Stage {
    CHECKPOINT, TRANSFER
  }

  /** The migration failed on the source; the container runs on there. */
  public static final class SourceMigrationException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Stage stage;
    /** CRIU's first error line, or what went wrong in the transfer. */
    private final String detail;
    private final String targetNode;
    private final long dumpMs;
    private final long transferMs;

    SourceMigrationException(String containerId, String migrationId, String node,
        String targetNode, Stage stage, String detail, Throwable cause, long dumpMs,
        long transferMs) {
      super(MigrationFailure.of(stage == Stage.TRANSFER ? Step.TRANSFER : Step.CHECKPOINT,
          containerId, migrationId, node, stage == Stage.TRANSFER
              ? "to " + targetNode + ": " + detail : detail).getMessage(), cause);
      this.stage = stage;
      this.detail = detail;
      this.targetNode = targetNode;
      this.dumpMs = dumpMs;
      this.transferMs = transferMs;
    }

    /** A failed transfer: how long CRIU's dump took before it, in ms (else 0). */
    public long getDumpMs() {
      return dumpMs;
    }

    /** A failed transfer: how long it ran until it failed, in ms (else 0). */
    public long getTransferMs() {
      return transferMs;
    }

    public Stage getStage() {
      return stage;
    }

    /**
     * The cause for a caller that names the container, migration and node itself (the
     * RM): the reason, with the target for a failed transfer ("transfer to host:port: ...").
     */
    public String getCauseForCaller() {
      return stage == Stage.TRANSFER ? "transfer to " + targetNode + ": " + detail : detail;
    }

    /** @return the cause text (CRIU's first error line, or "transfer: ...") */
    public String getReason() {
      return stage == Stage.TRANSFER ? "transfer: " + detail : detail;
    }
  }

  /** A checkpoint received by the target; the source tree is still frozen. */
  public static final class Shipped {
    private final CheckpointRequest request;
    private final String node;
    private final String targetNode;
    private final FrozenCheckpoint checkpoint;
    private final TransferResult transfer;
    private final long frozenSoFarMs;
    private final long checkpointMs;

    Shipped(CheckpointRequest request, String node, String targetNode,
        FrozenCheckpoint checkpoint, TransferResult transfer, long frozenSoFarMs,
        long checkpointMs) {
      this.request = request;
      this.node = node;
      this.targetNode = targetNode;
      this.checkpoint = checkpoint;
      this.transfer = transfer;
      this.frozenSoFarMs = frozenSoFarMs;
      this.checkpointMs = checkpointMs;
    }

    /** The target runs the tree: kill the frozen source tree, delete local images. */
    public void complete() throws IOException {
      checkpoint.complete();
    }

    /** The restore failed: thaw the source tree (it runs on), delete local images. */
    public void abort() throws IOException {
      checkpoint.abort();
    }

    /** The source container's log dir. */
    public File getLogDir() {
      return request.getLogDir();
    }

    public FrozenCheckpoint getCheckpoint() {
      return checkpoint;
    }

    public TransferResult getTransfer() {
      return transfer;
    }

    public String getMigrationId() {
      return request.getMigrationId();
    }

    public String getTargetNode() {
      return targetNode;
    }

    /** Image bytes (CRIU images) dumped. */
    public long getImageBytes() {
      return checkpoint.getImageBytes();
    }

    /** Payload bytes shipped (images, work dir copy, spec). */
    public long getShippedBytes() {
      return transfer.getPayloadBytes();
    }

    /** Freeze until the target acknowledged the images. */
    public long getFrozenSoFarMs() {
      return frozenSoFarMs;
    }

    /** Wall time of the checkpoint call (freeze, dump, work dir copy). */
    public long getCheckpointMs() {
      return checkpointMs;
    }

    public long getDumpMs() {
      return checkpoint.getDumpTimeMs();
    }

    public long getTransferMs() {
      return transfer.getDurationMillis();
    }

    public double getTransferMiBPerSecond() {
      return transfer.getMiBPerSecond();
    }

    @Override
    public String toString() {
      return String.format("migration %s of %s from %s to %s: images %d bytes, shipped %d"
          + " bytes, checkpoint %d ms (dump %d ms), transfer %d ms (%.1f MiB/s), frozen %d"
          + " ms so far", request.getMigrationId(), request.getContainerId(), node,
          targetNode, getImageBytes(), getShippedBytes(), checkpointMs, getDumpMs(),
          getTransferMs(), getTransferMiBPerSecond(), frozenSoFarMs);
    }
  }
}
