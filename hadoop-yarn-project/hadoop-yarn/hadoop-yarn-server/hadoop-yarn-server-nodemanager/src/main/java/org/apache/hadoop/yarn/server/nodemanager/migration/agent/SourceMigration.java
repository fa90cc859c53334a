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
 * Source NM side of one migration, in two steps: {@link #checkpoint} (freeze, dump, copy
 * the work dir; the tree stays frozen), then {@link #ship} (send the checkpoint directory
 * to the target NM's {@link MigrationAuxService} port).
 * <p>
 * On any failure (dump or transfer) the checkpoint is aborted: the tree is thawed and
 * runs on, local images are deleted, and a {@link SourceMigrationException} names the
 * container, the migration, both nodes and the cause. After each step the tree is still
 * frozen: the caller ships a {@link Checkpointed}, and calls {@link Shipped#complete()}
 * once the target reports the tree restored (the source tree is killed, the launcher exits
 * 175, the local images are deleted), or {@code abort()} of either to give up (the source
 * runs on).
 */
public final class SourceMigration {

  private static final Logger LOG = LoggerFactory.getLogger(SourceMigration.class);

  /** Directory under an NM local dir that holds outgoing checkpoints. */
  public static final String OUTGOING_DIR = "migration-outgoing";

  private final ContainerCheckpointer checkpointer;
  private final ImageSender sender;
  private final String node;
  private final long streamPagesMinBytes;

  /**
   * Pages written here and shipped after the dump.
   *
   * @param checkpointer checkpoints containers of this NM
   * @param sender ships image directories
   * @param node this NM ("host:port"), for messages
   */
  public SourceMigration(ContainerCheckpointer checkpointer, ImageSender sender,
      String node) {
    this(checkpointer, sender, node, -1);
  }

  /**
   * @param streamPagesMinBytes stop-and-copy sends the pages of a tree with at least this
   *     much resident memory to the target while it dumps; negative: never
   *     ({@link org.apache.hadoop.yarn.conf.MigrationConfiguration#NM_MIGRATION_STREAM_PAGES_MIN_MB})
   */
  public SourceMigration(ContainerCheckpointer checkpointer, ImageSender sender,
      String node, long streamPagesMinBytes) {
    this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.node = Objects.requireNonNull(node, "node");
    this.streamPagesMinBytes = streamPagesMinBytes;
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
   * Checkpoints the container for the target (which is asked first whether it can take
   * what the tree holds).
   *
   * @param request what to checkpoint (its output dir is deleted on failure)
   * @param target the target NM's transfer address
   * @param token the migration's transfer token
   * @return the checkpoint, tree still frozen
   * @throws SourceMigrationException on any failure; the container then runs on
   */
  public Checkpointed checkpoint(CheckpointRequest request, InetSocketAddress target,
      byte[] token) throws SourceMigrationException {
    String targetNode = target.getHostString() + ":" + target.getPort();
    long start = System.nanoTime();
    FrozenCheckpoint cp;
    try {
      cp = checkpointer.checkpoint(request, (listeners, terminals) -> {
        String why = sender.probeTarget(target, request.getMigrationId(), token,
            addresses(listeners), terminals);
        return why == null ? null : "the target host " + target.getHostString()
            + " cannot " + why;
      }, streamPagesMinBytes < 0 ? null : expected -> expected < streamPagesMinBytes ? null
          : sender.openPageDump(target, request.getMigrationId(), token, expected));
    } catch (CheckpointException e) {
      // The checkpointer already thawed and deleted its partial output.
      deleteQuietly(request.getOutputDir(), null);
      throw failure(request, targetNode, Stage.CHECKPOINT, e.getReason(), e);
    }
    long end = System.nanoTime();
    Checkpointed done = new Checkpointed(this, request, targetNode, target, token, cp,
        (end - start) / 1_000_000L, end);
    LOG.info("Checkpointed {}", done);
    return done;
  }

  /**
   * Ships a checkpoint to the target it was made for.
   *
   * @return the shipped checkpoint, tree still frozen
   * @throws SourceMigrationException on any failure; the container then runs on
   */
  public Shipped ship(Checkpointed cp) throws SourceMigrationException {
    long start = System.nanoTime();
    TransferResult transfer;
    try {
      transfer = sender.send(cp.target, cp.request.getMigrationId(), cp.token,
          cp.checkpoint.getOutputDir().toPath());
      if (cp.checkpoint.isLazyPages()) {
        // post-copy: the pages follow over their own stream, pulled by the restore
        cp.checkpoint.attachPageStream(sender.openPageStream(cp.target,
            cp.request.getMigrationId(), cp.token, cp.checkpoint.getPageServerPort()));
      }
    } catch (ImageTransferException | RuntimeException e) {
      SourceMigrationException f = failure(cp.request, cp.targetNode, Stage.TRANSFER,
          transferDetail(e), e);
      abortQuietly(cp.checkpoint, f);
      deleteQuietly(cp.request.getOutputDir(), f);
      throw f;
    }
    long end = System.nanoTime();
    Shipped shipped = new Shipped(cp, transfer, cp.frozenAt(end),
        (end - start) / 1_000_000L);
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
      Stage stage, String cause, Exception e) {
    SourceMigrationException f = new SourceMigrationException(r.getContainerId(),
        r.getMigrationId(), node, targetNode, stage, cause, e);
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

    SourceMigrationException(String containerId, String migrationId, String node,
        String targetNode, Stage stage, String detail, Throwable cause) {
      super(MigrationFailure.of(stage == Stage.TRANSFER ? Step.TRANSFER : Step.CHECKPOINT,
          containerId, migrationId, node, stage == Stage.TRANSFER
              ? "to " + targetNode + ": " + detail : detail).getMessage(), cause);
      this.stage = stage;
      this.detail = detail;
      this.targetNode = targetNode;
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

  /** A checkpoint made for a target and not shipped yet; the source tree is frozen. */
  public static final class Checkpointed {
    /** What made it: its sender ships it. */
    private final SourceMigration maker;
    private final CheckpointRequest request;
    private final String targetNode;
    private final InetSocketAddress target;
    private final byte[] token;
    private final FrozenCheckpoint checkpoint;
    private final long checkpointMs;
    private final long endNanos;

    Checkpointed(SourceMigration maker, CheckpointRequest request, String targetNode,
        InetSocketAddress target, byte[] token, FrozenCheckpoint checkpoint,
        long checkpointMs, long endNanos) {
      this.maker = maker;
      this.request = request;
      this.targetNode = targetNode;
      this.target = target;
      this.token = token.clone();
      this.checkpoint = checkpoint;
      this.checkpointMs = checkpointMs;
      this.endNanos = endNanos;
    }

    /** Gives up: thaw the source tree (it runs on), delete the local images. */
    public void abort() throws IOException {
      checkpoint.abort();
    }

    /** The target's transfer address the checkpoint was made for. */
    InetSocketAddress getTarget() {
      return target;
    }

    /** The migration's transfer token (a copy). */
    byte[] getToken() {
      return token.clone();
    }

    /** {@link SourceMigration#ship} by the migration that made this checkpoint. */
    public Shipped ship() throws SourceMigrationException {
      return maker.ship(this);
    }

    public FrozenCheckpoint getCheckpoint() {
      return checkpoint;
    }

    /** Image bytes (CRIU images) dumped. */
    public long getImageBytes() {
      return checkpoint.getImageBytes();
    }

    public long getDumpMs() {
      return checkpoint.getDumpTimeMs();
    }

    /** Wall time of the checkpoint (freeze, dump, work dir copy). */
    public long getCheckpointMs() {
      return checkpointMs;
    }

    /** How long the tree has been frozen at {@code nanos} (a System.nanoTime() value). */
    public long frozenAt(long nanos) {
      return checkpoint.getFrozenTimeMs() + Math.max(0, nanos - endNanos) / 1_000_000L;
    }

    @Override
    public String toString() {
      return String.format("migration %s of %s for %s: images %d bytes, checkpoint %d ms"
          + " (dump %d ms)", request.getMigrationId(), request.getContainerId(), targetNode,
          getImageBytes(), checkpointMs, getDumpMs());
    }
  }

  /** A checkpoint received by the target; the source tree is still frozen. */
  public static final class Shipped {
    private final Checkpointed checkpointed;
    private final TransferResult transfer;
    private final long frozenSoFarMs;
    private final long shipMs;

    Shipped(Checkpointed checkpointed, TransferResult transfer, long frozenSoFarMs,
        long shipMs) {
      this.checkpointed = checkpointed;
      this.transfer = transfer;
      this.frozenSoFarMs = frozenSoFarMs;
      this.shipMs = shipMs;
    }

    /**
     * The target runs the tree: kill the frozen source tree, delete local images. When it
     * cannot kill, the tree stays frozen, {@link #isKilled()} stays false and this may be
     * called again.
     */
    public void complete() throws IOException {
      checkpointed.checkpoint.complete();
    }

    /**
     * Post-copy, after {@link #complete}: why the pages did not all reach the target, or
     * null when they did.
     */
    public String getPagesLost() {
      return checkpointed.checkpoint.getPagesLost();
    }

    /** Whether the source tree was killed (a completion got that far). */
    public boolean isKilled() {
      return checkpointed.checkpoint.isFinished();
    }

    /** The restore failed: thaw the source tree (it runs on), delete local images. */
    public void abort() throws IOException {
      checkpointed.abort();
    }

    /** The source container's log dir. */
    public File getLogDir() {
      return checkpointed.request.getLogDir();
    }

    /** The source container's application dir on this node (its work dir's parent). */
    public File getAppDir() {
      return checkpointed.request.getWorkDir().getParentFile();
    }

    /** The target's transfer address the images went to. */
    public InetSocketAddress getTarget() {
      return checkpointed.getTarget();
    }

    public FrozenCheckpoint getCheckpoint() {
      return checkpointed.checkpoint;
    }

    public TransferResult getTransfer() {
      return transfer;
    }

    public String getMigrationId() {
      return checkpointed.request.getMigrationId();
    }

    public String getTargetNode() {
      return checkpointed.targetNode;
    }

    /** Image bytes (CRIU images) dumped. */
    public long getImageBytes() {
      return checkpointed.getImageBytes();
    }

    /** Payload bytes shipped (images, work dir copy, spec). */
    public long getShippedBytes() {
      return transfer.getPayloadBytes();
    }

    /** Freeze until the target acknowledged the images. */
    public long getFrozenSoFarMs() {
      return frozenSoFarMs;
    }

    /** Wall time of the checkpoint (freeze, dump, work dir copy). */
    public long getCheckpointMs() {
      return checkpointed.checkpointMs;
    }

    public long getDumpMs() {
      return checkpointed.getDumpMs();
    }

    /** The transfer as the sender measured it. */
    public long getTransferMs() {
      return transfer.getDurationMillis();
    }

    /** Wall time of the ship step (transfer and its set-up). */
    public long getShipMs() {
      return shipMs;
    }

    public double getTransferMiBPerSecond() {
      return transfer.getMiBPerSecond();
    }

    @Override
    public String toString() {
      return String.format("migration %s of %s to %s: images %d bytes, shipped %d bytes,"
          + " checkpoint %d ms (dump %d ms), transfer %d ms (%.1f MiB/s), frozen %d ms so"
          + " far", getMigrationId(), checkpointed.request.getContainerId(),
          checkpointed.targetNode, getImageBytes(), getShippedBytes(), getCheckpointMs(),
          getDumpMs(), getTransferMs(), getTransferMiBPerSecond(), frozenSoFarMs);
    }
  }
}
