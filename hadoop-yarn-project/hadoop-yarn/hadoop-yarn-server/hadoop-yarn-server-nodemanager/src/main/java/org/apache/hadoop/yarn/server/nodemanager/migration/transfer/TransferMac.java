/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a transfer stream is authenticated, both ways, with the migration's token
 * ({@link TransferToken}: a secret of the migration that only NodeManagers holding the
 * transfer key can compute, and which never travels):
 * <ol>
 * <li>the sender's handshake carries a fresh nonce and a proof,
 *   {@code HMAC(token, "yarn-migration-transfer-proof" | migrationId | nonce)}: the
 *   receiver, which computes the token from its key, learns the sender holds it;</li>
 * <li>the receiver's OK to the handshake carries a fresh nonce of its own; both sides
 *   derive the session key {@code HMAC(token, "yarn-migration-transfer-session" | sender
 *   nonce | receiver nonce)} and, from it, one key per direction;</li>
 * <li>every byte after the handshake, either way, goes through that direction's MAC
 *   ({@link Out}, {@link In}); at each point the protocol names (after a request, after
 *   the files, after each reply) the writer sends the 32-byte tag of everything it sent
 *   so far, and the reader checks it before it acts on what it read. The one exception:
 *   the bytes of an image file, which its SHA-256 in the MAC'd manifest already binds (the
 *   receiver checks it), are not hashed a second time.</li>
 * </ol>
 * A recorded stream cannot be replayed (the receiver's nonce is new), a stream cannot be
 * changed, cut short or continued by a third party, and a reply (a give-up verdict, an
 * acknowledgement of images) cannot be forged. The bytes themselves are not encrypted.
 */
final class TransferMac {

  /** Bytes of each side's nonce. */
  static final int NONCE_BYTES = 16;
  /** Bytes of a proof and of a tag. */
  static final int TAG_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The direction sender -> receiver (requests, manifest, files). */
  static final String TO_RECEIVER = "to-receiver";
  /** The direction receiver -> sender (replies, a task's output). */
  static final String TO_SENDER = "to-sender";

  private TransferMac() {
  }

  /** A fresh random nonce. */
  static byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  /** The sender's proof that it holds the migration's token. */
  static byte[] proof(byte[] token, String migrationId, byte[] senderNonce) {
    return hmac(token, bytes("yarn-migration-transfer-proof"),
        bytes(migrationId), senderNonce);
  }

  /** Checks a proof in constant time. */
  static boolean proves(byte[] token, String migrationId, byte[] senderNonce,
      byte[] proof) {
    return proof != null && proof.length == TAG_BYTES
        && MessageDigest.isEqual(proof(token, migrationId, senderNonce), proof);
  }

  /** The session key both sides derive once the nonces are exchanged. */
  static byte[] sessionKey(byte[] token, byte[] senderNonce, byte[] receiverNonce) {
    return hmac(token, bytes("yarn-migration-transfer-session"), senderNonce,
        receiverNonce);
  }

  /** A MAC of one direction of a session. */
  static Mac mac(byte[] sessionKey, String direction) {
    return newMac(hmac(sessionKey, bytes(direction)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[]... parts) {
    Mac m = newMac(key);
    for (byte[] p : parts) {
      // length-prefixed: no two inputs run together
      m.update((byte) (p.length >>> 8));
      m.update((byte) p.length);
      m.update(p);
    }
    return m.doFinal();
  }

  /** An HMAC-SHA256 ({@link TransferToken#ALGORITHM}) keyed with key. */
  static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance(TransferToken.ALGORITHM);
      m.init(new SecretKeySpec(key, TransferToken.ALGORITHM));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TransferToken.ALGORITHM + " is not available", e);
    }
  }

  /**
   * The writing end of one direction: every byte written goes into the MAC; {@link #tag}
   * writes the tag of everything written so far (each tag also covers the ones before it).
   */
  static final class Out extends FilterOutputStream {
    private final Mac mac;
    private boolean covering = true;

    Out(OutputStream out, Mac mac) {
      super(out);
      this.mac = mac;
    }

    /** @param on false while writing bytes a MAC'd digest covers (not hashed twice) */
    void cover(boolean on) {
      covering = on;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      if (covering) {
        mac.update((byte) b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (covering) {
        mac.update(b, off, len);
      }
    }

    /** Writes (and flushes) the tag of everything written so far. */
    void tag() throws IOException {
      byte[] t = mac.doFinal();
      mac.update(t);
      out.write(t);
      out.flush();
    }
  }

  /**
   * The reading end of one direction: every byte read goes into the MAC; {@link #checkTag}
   * reads the writer's tag and refuses the stream when it does not match what was read.
   */
  static final class In extends FilterInputStream {
    private final Mac mac;
    private boolean covering = true;

    In(InputStream in, Mac mac) {
      super(in);
      this.mac = mac;
    }

    /** @param on false while reading bytes a MAC'd digest covers (as the writer did) */
    void cover(boolean on) {
      covering = on;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && covering) {
        mac.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0 && covering) {
        mac.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip on an authenticated transfer stream");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /**
     * Reads the writer's tag and checks it against everything read so far.
     *
     * @param what what the tag closes, for the error
     * @throws IOException when it does not match (the stream was changed, cut or forged)
     */
    void checkTag(String what) throws IOException {
      byte[] expected = mac.doFinal();
      mac.update(expected);
      byte[] got = new byte[TAG_BYTES];
      int have = 0;
      while (have < got.length) {
        int n = in.read(got, have, got.length - have);
        if (n < 0) {
          throw new IOException("the transfer stream ended before the tag of " + what);
        }
        have += n;
      }
      if (!MessageDigest.isEqual(expected, got)) {
        throw new IOException("the tag of " + what + " does not match: the transfer stream"
            + " was changed, or not sent by a holder of the migration's token");
      }
    }
  }
}
