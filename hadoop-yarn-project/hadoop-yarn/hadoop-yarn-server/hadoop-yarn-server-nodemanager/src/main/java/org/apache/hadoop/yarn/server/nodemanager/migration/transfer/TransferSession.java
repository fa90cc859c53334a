/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One side of a transfer connection after its handshake: what it reads and writes, each
 * direction under its MAC ({@link TransferMac}). Call order on the stream (see
 * {@link TransferProtocol}): the writer ends each request, each reply and each run of
 * files with its tag ({@link #endWrite}, {@link #reply}); the reader checks the tag
 * ({@link #checkRead}, {@link #readReply}) before it acts on what it read.
 */
final class TransferSession {

  /** What this side reads: every byte is MAC'd. */
  final DataInputStream in;
  /** What this side writes: every byte is MAC'd. */
  final DataOutputStream out;
  private final TransferMac.In macIn;
  private final TransferMac.Out macOut;
  /** Whether this side sends the images (it writes the direction to the receiver). */
  private final boolean sender;

  private TransferSession(InputStream rawIn, OutputStream rawOut, byte[] sessionKey,
      boolean sender) {
    this.sender = sender;
    this.macIn = new TransferMac.In(rawIn, TransferMac.mac(sessionKey,
        sender ? TransferMac.TO_SENDER : TransferMac.TO_RECEIVER));
    this.macOut = new TransferMac.Out(rawOut, TransferMac.mac(sessionKey,
        sender ? TransferMac.TO_RECEIVER : TransferMac.TO_SENDER));
    this.in = new DataInputStream(macIn);
    this.out = new DataOutputStream(macOut);
  }

  /**
   * The sending side (it wrote the handshake).
   *
   * @param rawIn the connection's input, nothing of the session read from it yet
   * @param rawOut the connection's output (buffered: each tag flushes it)
   */
  static TransferSession ofSender(InputStream rawIn, OutputStream rawOut, byte[] token,
      byte[] senderNonce, byte[] receiverNonce) {
    return new TransferSession(rawIn, rawOut,
        TransferMac.sessionKey(token, senderNonce, receiverNonce), true);
  }

  /** The receiving side (it accepted the handshake). */
  static TransferSession ofReceiver(InputStream rawIn, OutputStream rawOut, byte[] token,
      byte[] senderNonce, byte[] receiverNonce) {
    return new TransferSession(rawIn, rawOut,
        TransferMac.sessionKey(token, senderNonce, receiverNonce), false);
  }

  /** Ends what was written since the last tag (a request, files) with a tag; flushes. */
  void endWrite() throws IOException {
    macOut.tag();
  }

  /**
   * Checks the peer's tag over what was read since the last one.
   *
   * @param what what was read (a request, the manifest, the images), for the error
   */
  void checkRead(String what) throws IOException {
    macIn.checkTag(what);
  }

  /**
   * While off, the bytes of the direction to the receiver are left out of its MAC: only
   * for the bytes of an image file, which its SHA-256 in the MAC'd manifest binds. Both
   * sides switch at the same point of that direction's stream; the other direction (an
   * early error reply) stays covered.
   */
  void coverFileBytes(boolean on) {
    if (sender) {
      macOut.cover(on);
    } else {
      macIn.cover(on);
    }
  }

  /** Writes a reply and its tag; flushes. */
  void reply(boolean ok, String message) throws IOException {
    TransferProtocol.writeReply(out, ok, message);
    macOut.tag();
  }

  /** Reads a reply and checks its tag. */
  TransferProtocol.Reply readReply() throws IOException {
    TransferProtocol.Reply r = TransferProtocol.readReply(in);
    macIn.checkTag("the reply");
    return r;
  }

  /** @return bytes readable without blocking */
  int available() throws IOException {
    return in.available();
  }
}
