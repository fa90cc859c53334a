/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;

/** Tests' migration keys: one key, id 1, twenty zero bytes for every node. */
final class FixedAgentKeys implements MigrationAgentKeys {

  static final MigrationAgentKeys INSTANCE = new FixedAgentKeys();

  private FixedAgentKeys() {
  }

  @Override
  public int currentKeyId() {
    return 1;
  }

  @Override
  public byte[] baseKey(int keyId, String nodeId) {
    return keyId == 1 ? new byte[20] : null;
  }
}
