/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.security.NMTokenIdentifier;

/**
 * The one seam between the migration protocols' keys and YARN's own: the NM-token master
 * key, which the RM makes, rolls and hands to each NodeManager it registers (the same
 * trust YARN puts in its NMs: with Kerberos, only an NM with its keytab registers).
 *
 * <p>The base key of a master key is YARN's own NM-token password of one fixed
 * identifier per node that no application is ever given ({@link #baseIdentifier}:
 * application {@code application_0_0000}, user {@code yarn-migration}): an NM computes it with its
 * NMTokenSecretManagerInNM (current or previous key), the RM with the key's bytes. Each
 * use derives its own key from it: HMAC-SHA256(base, label).
 */
public interface MigrationAgentKeys {

  /** The id of the master key to sign with now; -1 while there is none (NM not registered). */
  int currentKeyId();

  /**
   * The base key of master key {@code keyId} for node {@code nodeId} (host:port), or null
   * if this side does not hold it (a NodeManager holds only its own node's).
   */
  byte[] baseKey(int keyId, String nodeId);

  /**
   * The NM-token identifier whose password is the base key of master key {@code keyId}
   * for a node: YARN's NMTokenSecretManagerInNM gives passwords only for its own node.
   */
  static NMTokenIdentifier baseIdentifier(int keyId, String nodeId) {
    return new NMTokenIdentifier(
        ApplicationAttemptId.newInstance(ApplicationId.newInstance(0, 0), 0),
        NodeId.fromString(nodeId), "yarn-migration", keyId);
  }

  /** HMAC-SHA256(key, label): a key for one use. */
  static byte[] derive(byte[] key, String label) {
    return hmac(key, label.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256. */
  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
