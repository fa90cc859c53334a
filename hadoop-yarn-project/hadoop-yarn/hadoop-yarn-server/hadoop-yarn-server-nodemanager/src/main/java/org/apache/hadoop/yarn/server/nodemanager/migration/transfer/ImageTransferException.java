/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;

import org.apache.hadoop.yarn.api.migration.MigrationFailure;

/**
 * A failed image transfer, as the sender sees it:
 * {@code Transfer of images (migration <id>, node <host:port>) failed: <cause>}. When
 * the receiver refused or reported an error, {@link #getReceiverMessage()} holds its
 * text and the cause reads {@code receiver replied: <text>}.
 */
public class ImageTransferException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String migrationId;
  private final String node;
  private final String receiverMessage;
  /** What went wrong, without the migration and node the message names. */
  private final String detail;

  /**
   * @param migrationId the migration
   * @param node target "host:port"
   * @param cause text of the cause
   * @param receiverMessage the receiver's error text, or null for a local failure
   * @param error the underlying exception, or null
   */
  public ImageTransferException(String migrationId, String node, String cause,
      String receiverMessage, Throwable error) {
    super(MigrationFailure.of(MigrationFailure.Step.TRANSFER, "images", migrationId, node,
        cause).getMessage(), error);
    this.migrationId = migrationId;
    this.node = node;
    this.receiverMessage = receiverMessage;
    this.detail = cause;
  }

  /** @return what went wrong, without the "Transfer of images (...) failed: " head */
  public String getDetail() {
    return detail;
  }

  public String getMigrationId() {
    return migrationId;
  }

  /** @return target "host:port" */
  public String getNode() {
    return node;
  }

  /** @return the receiver's error text, or null if the failure was local / network */
  public String getReceiverMessage() {
    return receiverMessage;
  }
}
