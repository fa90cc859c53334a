/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Constants and framing of the image transfer stream, shared by sender and receiver.
 *
 * <pre>
 * sender -> receiver                      receiver -> sender
 *   int   magic "YMIG" (0x594D4947)
 *   int   version (4)
 *   UTF   migrationId
 *   byte  nonce length (16), sender nonce
 *   byte  proof length (32), proof ({@link TransferMac#proof}: of the migration's token,
 *         which never travels)
 *                                           reply  (proof checked before anything else)
 *                                           16 bytes: receiver nonce
 * ---- from here on, every byte either way is MAC'd ({@link TransferSession}); [tag] is
 *      the writer's 32-byte tag of everything it sent so far, checked by the reader
 *      before it acts on what it read; every reply below ends with [tag] ----
 *   int   request: "IMGS" (images follow), "PROB" (a target probe follows), "GVUP"
 *         (the source's watchdog gives the migration up, see {@link GiveUp}) or "TOUT"
 *         (the source pulls back a migrated task's output, see {@link TaskOutputs}) or
 *         "PAGS" (post-copy's page stream, see {@link PageStream}) or "PGDP" (the page
 *         stream of a stop-and-copy dump, see {@link PageStream})
 * IMGS:
 *   manifest ({@link ImageManifest}), [tag]
 *                                           reply  (manifest checked, space reserved)
 *   for each FILE entry, in manifest order:
 *     exactly size bytes
 *   int   end marker "DONE" (0x444F4E45), [tag]
 *                                           reply  (all checksums verified, renamed)
 * PROB (before the source freezes: can the target host take the tree's listeners and
 *       pseudo-terminals? see {@link TargetProbe}):
 *   int   count (at most {@link #MAX_PROBED_ADDRESSES})
 *   count x (byte address length 4 or 16, address bytes, unsigned short port)
 *   int   count (at most {@link #MAX_PROBED_TERMINALS})
 *   count x int pseudo-terminal index (0 .. {@link #MAX_TERMINAL_INDEX})
 *   [tag]
 *                                           reply  (OK: this host can take them all)
 * GVUP:
 *   [tag]
 *                                           reply  (OK: message "THAW reason" or
 *                                                   "KILL reason"; ERROR: undecided, why)
 * TOUT: see {@link TaskOutputs}
 * PAGS, PGDP: see {@link PageStream}
 * reply = byte status (0 OK, 1 ERROR), UTF message
 * </pre>
 * An ERROR reply may come at any point, after which the receiver stops reading (it
 * drains briefly so the sender can see the reply) and closes. Before the session (a
 * refused handshake, a busy receiver) the ERROR reply has no tag.
 */
final class TransferProtocol {

  /** "YMIG". */
  static final int MAGIC = 0x594D4947;
  /** Version of this stream format. */
  static final int VERSION = 4;
  /** Request "IMGS": a manifest and the images follow. */
  static final int REQUEST_IMAGES = 0x494D4753;
  /** Request "PROB": what the target host is asked to take (a {@link TargetProbe}). */
  static final int REQUEST_TARGET_PROBE = 0x50524F42;
  /** Most addresses in one target probe. */
  static final int MAX_PROBED_ADDRESSES = 1024;
  /** Most pseudo-terminal indexes in one target probe. */
  static final int MAX_PROBED_TERMINALS = 1024;
  /** Highest pseudo-terminal index (the kernel's limit is 2^20). */
  static final int MAX_TERMINAL_INDEX = (1 << 20) - 1;
  /** Request "GVUP": the source's watchdog gives the migration up ({@link GiveUp}). */
  static final int REQUEST_GIVE_UP = 0x47565550;
  /** Request "TOUT": a migrated task's output, pulled back ({@link TaskOutputs}). */
  static final int REQUEST_TASK_OUTPUT = 0x544F5554;
  /** Request "PAGS": post-copy's page stream follows ({@link PageStream}). */
  static final int REQUEST_PAGES = 0x50414753;
  /**
   * Request "PGDP": a stop-and-copy dump's page stream follows ({@link PageStream}, to a
   * page server on the target while the source dumps).
   */
  static final int REQUEST_PAGE_DUMP = 0x50474450;
  /** "DONE", after the last file's bytes. */
  static final int END_MARKER = 0x444F4E45;
  /** Longest accepted proof on the wire. */
  static final int MAX_PROOF_BYTES = 64;
  /** Reply status: go on / done. */
  static final int STATUS_OK = 0;
  /** Reply status: refused or failed; the message says why. */
  static final int STATUS_ERROR = 1;
  /** Longest reply message sent. */
  static final int MAX_MESSAGE_CHARS = 4000;

  private TransferProtocol() {
  }

  /** A reply of the receiver. */
  static final class Reply {
    final boolean ok;
    final String message;

    Reply(boolean ok, String message) {
      this.ok = ok;
      this.message = message;
    }
  }

  /**
   * The sender's handshake: it proves it holds the migration's token with a fresh nonce.
   *
   * @return the sender nonce, for the session key
   */
  static byte[] writeHandshake(DataOutput out, String migrationId, byte[] token)
      throws IOException {
    byte[] nonce = TransferMac.nonce();
    byte[] proof = TransferMac.proof(token, migrationId, nonce);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(migrationId);
    out.writeByte(nonce.length);
    out.write(nonce);
    out.writeByte(proof.length);
    out.write(proof);
    return nonce;
  }

  /** Reads the sender's nonce of a handshake, after its migration id. */
  static byte[] readNonce(DataInput in) throws IOException {
    int n = in.readUnsignedByte();
    checkNonceLength(n);
    return readBytes(in, n);
  }

  /** Reads the sender's proof of a handshake, after its nonce. */
  static byte[] readProof(DataInput in) throws IOException {
    int n = in.readUnsignedByte();
    checkProofLength(n);
    return readBytes(in, n);
  }

  private static byte[] readBytes(DataInput in, int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Refuses a nonce of another length than {@link TransferMac#NONCE_BYTES}. */
  static void checkNonceLength(int n) throws IOException {
    if (n != TransferMac.NONCE_BYTES) {
      throw new IOException("nonce of " + n + " bytes (" + TransferMac.NONCE_BYTES
          + " expected)");
    }
  }

  static void writeTargetProbe(DataOutput out, List<InetSocketAddress> addresses,
      List<Integer> terminals) throws IOException {
    if (addresses.size() > MAX_PROBED_ADDRESSES) {
      throw new IOException("more than " + MAX_PROBED_ADDRESSES + " listeners to probe");
    }
    if (terminals.size() > MAX_PROBED_TERMINALS) {
      throw new IOException("more than " + MAX_PROBED_TERMINALS
          + " pseudo-terminals to probe");
    }
    out.writeInt(REQUEST_TARGET_PROBE);
    out.writeInt(addresses.size());
    for (InetSocketAddress a : addresses) {
      byte[] bytes = a.getAddress().getAddress();
      out.writeByte(bytes.length);
      out.write(bytes);
      out.writeShort(a.getPort());
    }
    out.writeInt(terminals.size());
    for (int index : terminals) {
      out.writeInt(index);
    }
  }

  /** Reads a target probe after its request word; every field is checked. */
  static TargetProbe readTargetProbe(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_PROBED_ADDRESSES) {
      throw new IOException("target probe of " + n + " addresses (at most "
          + MAX_PROBED_ADDRESSES + ")");
    }
    List<InetSocketAddress> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = in.readUnsignedByte();
      if (len != 4 && len != 16) {
        throw new IOException("target probe address of " + len + " bytes");
      }
      byte[] bytes = new byte[len];
      in.readFully(bytes);
      int port = in.readUnsignedShort();
      if (port == 0) {
        throw new IOException("target probe of port 0");
      }
      // from bytes: never a name lookup
      out.add(new InetSocketAddress(InetAddress.getByAddress(bytes), port));
    }
    int t = in.readInt();
    if (t < 0 || t > MAX_PROBED_TERMINALS) {
      throw new IOException("target probe of " + t + " pseudo-terminals (at most "
          + MAX_PROBED_TERMINALS + ")");
    }
    List<Integer> terminals = new ArrayList<>(t);
    for (int i = 0; i < t; i++) {
      int index = in.readInt();
      if (index < 0 || index > MAX_TERMINAL_INDEX) {
        throw new IOException("target probe of pseudo-terminal index " + index);
      }
      terminals.add(index);
    }
    return new TargetProbe(out, terminals);
  }

  /** Refuses a stream that does not begin with {@link #MAGIC}. */
  static void checkMagic(int magic) throws IOException {
    if (magic != MAGIC) {
      throw new IOException("not a migration image stream (bad magic)");
    }
  }

  /** Refuses a stream of another {@link #VERSION}. */
  static void checkVersion(int version) throws IOException {
    if (version != VERSION) {
      throw new IOException("unsupported transfer protocol version " + version
          + " (this NM speaks " + VERSION + ")");
    }
  }

  /** Refuses a proof longer than {@link #MAX_PROOF_BYTES}. */
  static void checkProofLength(int n) throws IOException {
    if (n > MAX_PROOF_BYTES) {
      throw new IOException("proof longer than " + MAX_PROOF_BYTES + " bytes");
    }
  }

  static void writeReply(DataOutput out, boolean ok, String message) throws IOException {
    String m = message == null ? "" : message;
    if (m.length() > MAX_MESSAGE_CHARS) {
      m = m.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
    out.writeByte(ok ? STATUS_OK : STATUS_ERROR);
    out.writeUTF(m);
  }

  static Reply readReply(DataInput in) throws IOException {
    int status = in.readUnsignedByte();
    String message = in.readUTF();
    if (status != STATUS_OK && status != STATUS_ERROR) {
      throw new IOException("unknown reply status " + status);
    }
    return new Reply(status == STATUS_OK, message);
  }
}
