/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
/**
 * NM-to-NM transfer of a checkpoint's images: {@link
 * org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageManifest} (shared
 * description), {@link
 * org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender} (source NM),
 * {@link org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferServer}
 * (target NM, served by the {@code container_migration} auxiliary service), {@link
 * org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferToken} (HMAC proof)
 * and {@link org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages}
 * (where images land and who is told); {@link
 * org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ShufflePortRelay} brings
 * transfers that come on MapReduce's shuffle port to the receiver. See docs/transfer.md.
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;
