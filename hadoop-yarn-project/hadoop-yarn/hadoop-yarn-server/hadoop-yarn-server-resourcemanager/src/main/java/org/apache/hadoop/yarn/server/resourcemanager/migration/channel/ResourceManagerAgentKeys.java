/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.api.records.MasterKey;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.security.NMTokenSecretManagerInRM;

/**
 * The migration keys of the ResourceManager: its NM-token master keys, the current one and
 * the next one it is handing to the NodeManagers during a roll ({@link MigrationAgentKeys}).
 * A base key is the NM-token password YARN would give the fixed identifier: HMAC-SHA1 over
 * the identifier's bytes with the master key's bytes, as the NodeManager's
 * NMTokenSecretManagerInNM computes it.
 */
public final class ResourceManagerAgentKeys implements MigrationAgentKeys {

  private final RMContext rmContext;

  public ResourceManagerAgentKeys(RMContext rmContext) {
    this.rmContext = rmContext;
  }

  private NMTokenSecretManagerInRM secrets() {
    return rmContext == null ? null : rmContext.getNMTokenSecretManager();
  }

  @Override
  public int currentKeyId() {
    NMTokenSecretManagerInRM s = secrets();
    MasterKey k = s == null ? null : s.getCurrentKey();
    return k == null ? -1 : k.getKeyId();
  }

  @Override
  public byte[] baseKey(int keyId, String nodeId) {
    NMTokenSecretManagerInRM s = secrets();
    if (s == null) {
      return null;
    }
    for (MasterKey k : new MasterKey[] {s.getCurrentKey(), s.getNextKey()}) {
      if (k != null && k.getKeyId() == keyId) {
        return base(k, keyId, nodeId);
      }
    }
    return null;
  }

  static byte[] base(MasterKey key, int keyId, String nodeId) {
    ByteBuffer b = key.getBytes().duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(bytes, "HmacSHA1"));
      return mac.doFinal(MigrationAgentKeys.baseIdentifier(keyId, nodeId).getBytes());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }
}
