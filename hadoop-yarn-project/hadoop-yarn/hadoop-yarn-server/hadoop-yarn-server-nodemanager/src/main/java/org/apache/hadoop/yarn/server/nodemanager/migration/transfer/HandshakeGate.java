/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer port's front door: one thread accepts every connection and reads its
 * handshake (magic, version, migration id, nonce, proof; {@link TransferProtocol}) without
 * blocking, many at once, each within {@link #HANDSHAKE_DEADLINE_MS} of its accept. Only a
 * connection whose proof is valid reaches a serving thread ({@link Authenticated}); the
 * others get the error reply and are closed. An idle or slow peer therefore holds a few
 * bytes of buffer, never a serving thread: a flood of idle connections cannot delay a real
 * transfer (when more than {@link #MAX_PENDING} handshakes are pending, the oldest is
 * dropped). The sender waits for the handshake's reply before it sends anything more, so
 * the gate reads exactly the handshake; bytes beyond it are refused.
 */
final class HandshakeGate {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);

  /** Longest a peer may take to send its whole handshake. */
  static final long HANDSHAKE_DEADLINE_MS = 10_000;
  /** Most handshakes read at once; beyond it the oldest is dropped. */
  static final int MAX_PENDING = 1024;
  /** Longest migration id accepted on the wire, in bytes (a valid one is ~30). */
  static final int MAX_ID_BYTES = 1024;
  /** Longest handshake: magic, version, id, nonce, proof. */
  static final int MAX_HANDSHAKE_BYTES = 4 + 4 + 2 + MAX_ID_BYTES + 1
      + TransferMac.NONCE_BYTES + 1 + TransferProtocol.MAX_PROOF_BYTES;

  /** A handshake that proved the migration's token. */
  static final class Handshake {
    /** The migration, valid. */
    final String migrationId;
    /** Its token, which the sender proved it holds (the session's secret). */
    final byte[] token;
    /** The sender's nonce. */
    final byte[] senderNonce;

    Handshake(String migrationId, byte[] token, byte[] senderNonce) {
      this.migrationId = migrationId;
      this.token = token;
      this.senderNonce = senderNonce;
    }
  }

  /** Receives each connection whose handshake passed (blocking mode, OK not yet sent). */
  interface Authenticated {
    void accepted(SocketChannel channel, Handshake handshake);
  }

  /** A connection whose handshake is being read (or, after an error reply, drained). */
  private static final class Pending {
    final SocketChannel channel;
    final long deadline;
    final ByteBuffer buffer = ByteBuffer.allocate(MAX_HANDSHAKE_BYTES);
    boolean draining;
    Handshake handshake;

    Pending(SocketChannel channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }
  }

  private final ServerSocketChannel server;
  private final Selector selector;
  private final TransferSecretManager secrets;
  private final Authenticated next;
  private final Map<SocketChannel, Pending> pending = new LinkedHashMap<>();

  HandshakeGate(ServerSocketChannel server, TransferSecretManager secrets, Authenticated next)
      throws IOException {
    this.server = server;
    this.secrets = secrets;
    this.next = next;
    this.selector = Selector.open();
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  /** Runs until the server channel or the selector is closed. */
  void run() {
    while (server.isOpen() && selector.isOpen()) {
      try {
        selector.select(Math.max(1, Math.min(1000, nearestDeadline() - now())));
        List<Pending> done = new ArrayList<>();
        for (Iterator<SelectionKey> i = selector.selectedKeys().iterator(); i.hasNext();) {
          SelectionKey k = i.next();
          i.remove();
          if (!k.isValid()) {
            continue;
          }
          if (k.isAcceptable()) {
            accept();
          } else if (k.isReadable()) {
            Pending p = (Pending) k.attachment();
            if (read(p)) {
              k.cancel();
              synchronized (pending) {
                pending.remove(p.channel); // no deadline for it any more
              }
              done.add(p);
            }
          }
        }
        expire();
        if (!done.isEmpty()) {
          selector.selectNow(); // deregisters the cancelled keys: the channels may block now
          for (Pending p : done) {
            handOver(p);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!server.isOpen() || !selector.isOpen()) {
          return;
        }
        LOG.warn("Migration transfer handshakes: {}", e.toString(), e);
        pause();
      }
    }
  }

  /** Closes the selector and every pending connection (the server channel is the caller's). */
  void close() {
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing
    }
    synchronized (pending) {
      for (Pending p : pending.values()) {
        closeQuietly(p.channel);
      }
      pending.clear();
    }
  }

  /** Wakes the selector (after the server channel was closed). */
  void wakeup() {
    selector.wakeup();
  }

  private void accept() throws IOException {
    SocketChannel ch = server.accept();
    if (ch == null) {
      return;
    }
    synchronized (pending) {
      if (pending.size() >= MAX_PENDING) {
        Iterator<Pending> oldest = pending.values().iterator();
        Pending o = oldest.next();
        oldest.remove();
        LOG.warn("More than {} transfer handshakes pending: dropped the oldest, from {}",
            MAX_PENDING, peerOf(o.channel));
        closeQuietly(o.channel);
      }
      ch.configureBlocking(false);
      Pending p = new Pending(ch, now() + HANDSHAKE_DEADLINE_MS);
      ch.register(selector, SelectionKey.OP_READ, p);
      pending.put(ch, p);
    }
  }

  /** Reads what is there; true once a valid handshake is complete. */
  private boolean read(Pending p) {
    try {
      if (p.draining) {
        ByteBuffer sink = ByteBuffer.allocate(8192);
        if (p.channel.read(sink) < 0) {
          drop(p);
        }
        return false;
      }
      int n = p.channel.read(p.buffer);
      int length = handshakeLength(p.buffer);
      if (length > 0 && p.buffer.position() > length) {
        throw new IOException("data sent before the handshake was accepted");
      }
      if (length > 0 && p.buffer.position() == length) {
        p.handshake = readHandshake(new DataInputStream(
            new ByteArrayInputStream(p.buffer.array(), 0, length)), secrets);
        return true;
      }
      if (n < 0) {
        drop(p); // the peer left before its handshake was complete
      }
      return false;
    } catch (IOException e) {
      refuse(p, e.getMessage());
      return false;
    }
  }

  /** A valid handshake: the connection goes on, blocking, to a serving thread. */
  private void handOver(Pending p) {
    try {
      p.channel.configureBlocking(true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Transfer connection from {} lost after its handshake: {}", peerOf(p.channel),
          e.toString());
      closeQuietly(p.channel);
      return;
    }
    next.accepted(p.channel, p.handshake);
  }

  /**
   * The whole handshake's length once the buffer shows it, else 0; a wrong magic, version
   * or nonce length, or an oversized id or proof, is refused as soon as its bytes are there.
   */
  static int handshakeLength(ByteBuffer b) throws IOException {
    int have = b.position();
    if (have >= 4) {
      TransferProtocol.checkMagic(b.getInt(0));
    }
    if (have >= 8) {
      TransferProtocol.checkVersion(b.getInt(4));
    }
    if (have < 10) {
      return 0;
    }
    int idBytes = b.getShort(8) & 0xffff;
    if (idBytes > MAX_ID_BYTES) {
      throw new IOException("invalid migration id of " + idBytes + " bytes");
    }
    if (have < 10 + idBytes + 1) {
      return 0;
    }
    int nonceBytes = b.get(10 + idBytes) & 0xff;
    TransferProtocol.checkNonceLength(nonceBytes);
    int proofAt = 10 + idBytes + 1 + nonceBytes;
    if (have < proofAt + 1) {
      return 0;
    }
    int proofBytes = b.get(proofAt) & 0xff;
    TransferProtocol.checkProofLength(proofBytes);
    return proofAt + 1 + proofBytes;
  }

  /**
   * Reads the whole handshake -- magic, version, migration id, nonce, proof -- and checks
   * it.
   *
   * @return the migration id, valid, and its token, which the sender proved it holds
   */
  static Handshake readHandshake(DataInput in, TransferSecretManager secrets)
      throws IOException {
    String id = readMigrationId(in);
    byte[] nonce = TransferProtocol.readNonce(in);
    byte[] proof = TransferProtocol.readProof(in);
    byte[] token = secrets.tokenProven(id, nonce, proof);
    if (token == null) {
      throw new IOException("invalid transfer token for migration " + id);
    }
    return new Handshake(id, token, nonce);
  }

  /** Reads magic, version and migration id of the handshake and checks them. */
  private static String readMigrationId(DataInput in) throws IOException {
    TransferProtocol.checkMagic(in.readInt());
    TransferProtocol.checkVersion(in.readInt());
    String id = in.readUTF();
    if (!MigrationIds.isValid(id)) {
      throw new IOException("invalid migration id " + ImageManifest.quote(id));
    }
    return id;
  }

  /** Error reply (best effort), then read and drop what the peer still sends, briefly. */
  private void refuse(Pending p, String why) {
    LOG.warn("Transfer handshake from {} refused: {}", peerOf(p.channel), why);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      TransferProtocol.writeReply(new DataOutputStream(bytes), false, why);
      p.channel.write(ByteBuffer.wrap(bytes.toByteArray()));
      p.channel.shutdownOutput();
      p.draining = true;
    } catch (IOException e) {
      drop(p);
    }
  }

  /** Drops connections past their deadline. */
  private void expire() {
    long now = now();
    List<Pending> late = new ArrayList<>();
    synchronized (pending) {
      for (Pending p : pending.values()) {
        if (p.deadline <= now) {
          late.add(p);
        }
      }
    }
    for (Pending p : late) {
      if (!p.draining) {
        LOG.info("Transfer handshake from {} not complete within {} ms: closed",
            peerOf(p.channel), HANDSHAKE_DEADLINE_MS);
      }
      drop(p);
    }
  }

  private void drop(Pending p) {
    synchronized (pending) {
      pending.remove(p.channel);
    }
    closeQuietly(p.channel);
  }

  private long nearestDeadline() {
    long nearest = now() + 1000;
    synchronized (pending) {
      for (Pending p : pending.values()) {
        nearest = Math.min(nearest, p.deadline);
      }
    }
    return nearest;
  }

  private static long now() {
    return System.nanoTime() / 1_000_000L;
  }

  private static void pause() {
    try {
      Thread.sleep(ImageTransferServer.ACCEPT_RETRY_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String peerOf(SocketChannel ch) {
    try {
      InetSocketAddress a = (InetSocketAddress) ch.getRemoteAddress();
      return String.valueOf(a);
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
