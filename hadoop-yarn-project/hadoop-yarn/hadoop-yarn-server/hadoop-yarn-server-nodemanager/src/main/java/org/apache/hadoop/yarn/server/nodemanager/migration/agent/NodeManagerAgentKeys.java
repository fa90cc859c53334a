/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.util.function.Supplier;

import org.apache.hadoop.security.token.SecretManager.InvalidToken;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.server.nodemanager.security.NMTokenSecretManagerInNM;

/**
 * The migration keys of this NodeManager: the NM-token master keys the RM gave it (current
 * and previous), through its NMTokenSecretManagerInNM ({@link MigrationAgentKeys}).
 */
final class NodeManagerAgentKeys implements MigrationAgentKeys {

  private final Supplier<Context> context;

  NodeManagerAgentKeys(Supplier<Context> context) {
    this.context = context;
  }

  private NMTokenSecretManagerInNM secrets() {
    Context ctx = context.get();
    return ctx == null ? null : ctx.getNMTokenSecretManager();
  }

  @Override
  public int currentKeyId() {
    NMTokenSecretManagerInNM s = secrets();
    try {
      MasterKey k = s == null ? null : s.getCurrentKey();
      return k == null ? -1 : k.getKeyId();
    } catch (NullPointerException e) {
      return -1; // YARN's manager holds no key until the NM registered with the RM
    }
  }

  @Override
  public byte[] baseKey(int keyId, String nodeId) {
    NMTokenSecretManagerInNM s = secrets();
    if (s == null || currentKeyId() == -1) {
      return null;
    }
    try {
      return s.retrievePassword(MigrationAgentKeys.baseIdentifier(keyId, nodeId));
    } catch (InvalidToken e) {
      return null; // neither its current nor its previous key, or another node
    }
  }
}
