/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client side of the transfer: ships one image directory to the target NM's
 * {@link ImageTransferServer} (stream format in {@link TransferProtocol}).
 *
 * <p>Memory is bounded: file contents go through one buffer of
 * {@link TransferSettings#getBufferBytes()} bytes, a file is never held whole. The
 * connect and every reply wait are bounded by the configured timeouts. While streaming,
 * the sender watches for an early ERROR reply (e.g. a checksum mismatch) and stops; every
 * write is under a deadline of the read timeout ({@link WriteDeadline}), so a receiver that
 * accepts and then takes nothing fails the send in bounded time.
 * Stateless apart from its settings: one instance may serve concurrent sends.
 */
public final class ImageSender {

  private static final Logger LOG = LoggerFactory.getLogger(ImageSender.class);

  private final TransferSettings settings;

  /** @param settings timeouts and buffer size */
  public ImageSender(TransferSettings settings) {
    this.settings = settings;
  }

  /**
   * Builds the manifest of root and sends the tree.
   *
   * @param target the target NM's transfer address
   * @param migrationId the migration
   * @param token its transfer token ({@link TransferToken})
   * @param root the image directory (CRIU images, work dir copy, spec file)
   * @return what was sent and how fast
   * @throws ImageTransferException on any failure, with the receiver's text if it sent one
   */
  public TransferResult send(InetSocketAddress target, String migrationId, byte[] token,
      Path root) throws ImageTransferException {
    ImageManifest manifest;
    try {
      manifest = ImageManifest.build(root);
    } catch (IOException e) {
      throw new ImageTransferException(migrationId, node(target),
          "cannot read images in " + root + ": " + e.getMessage(), null, e);
    }
    return send(target, migrationId, token, root, manifest);
  }

  /**
   * Sends a tree described by a manifest built beforehand.
   *
   * @see #send(InetSocketAddress, String, byte[], Path)
   */
  public TransferResult send(InetSocketAddress target, String migrationId, byte[] token,
      Path root, ImageManifest manifest) throws ImageTransferException {
    String node = node(target);
    long start = System.nanoTime();
    LOG.debug("Sending {} of migration {} from {} to {}", manifest, migrationId, root, node);
    Socket socket = new Socket();
    // a receiver that takes nothing fails the send within the read timeout, not TCP's
    WriteDeadline deadline = new WriteDeadline(socket, settings.getReadTimeoutMs(),
        "image-sender-deadline-" + migrationId);
    try (Socket s = socket; WriteDeadline d = deadline) {
      connect(socket, target);
      CountingOutputStream counter = new CountingOutputStream(
          deadline.guard(socket.getOutputStream()));
      TransferSession session = handshake(new BufferedOutputStream(counter,
          settings.getBufferBytes()), socket.getInputStream(), migrationId, token, node);
      DataOutputStream out = session.out;

      out.writeInt(TransferProtocol.REQUEST_IMAGES);
      manifest.write(out);
      session.endWrite();
      expectOk(session, migrationId, node);

      byte[] buffer = new byte[settings.getBufferBytes()];
      try {
        for (ManifestEntry e : manifest.getEntries()) {
          if (e.getType() == EntryType.FILE) {
            // its bytes: bound by its SHA-256 in the MAC'd manifest, not hashed twice
            session.coverFileBytes(false);
            try {
              streamFile(root, e, out, session, buffer, migrationId, node);
            } finally {
              session.coverFileBytes(true);
            }
          }
        }
        out.writeInt(TransferProtocol.END_MARKER);
        session.endWrite();
      } catch (ImageTransferException e) {
        throw e;
      } catch (IOException e) {
        // The receiver may have replied with the reason before closing: prefer its text.
        checkEarlyReply(session, migrationId, node, true);
        throw e;
      }
      TransferProtocol.Reply done = expectOk(session, migrationId, node);
      TransferResult result = new TransferResult(migrationId, node, manifest.fileCount(),
          manifest.totalFileBytes(), counter.count, System.nanoTime() - start, done.message);
      LOG.info("Sent images of {}", result);
      return result;
    } catch (ImageTransferException e) {
      if (deadline.expired()) {
        throw writeTimedOut(migrationId, node, e);
      }
      throw e;
    } catch (IOException e) {
      if (deadline.expired()) {
        throw writeTimedOut(migrationId, node, e);
      }
      throw failed(migrationId, node, e);
    }
  }

  /**
   * Asks the target NM, before the source freezes, whether its host can take what the
   * restore will claim there: bind the given addresses (the tree's listeners) and give the
   * given pseudo-terminal indexes.
   *
   * @return null if it can, else the target's reason (what it cannot, as a clause after
   *     "cannot")
   * @throws ImageTransferException if the target cannot be asked
   */
  public String probeTarget(InetSocketAddress target, String migrationId, byte[] token,
      List<InetSocketAddress> addresses, List<Integer> terminals)
      throws ImageTransferException {
    TransferProtocol.Reply r = ask(target, migrationId, token,
        out -> TransferProtocol.writeTargetProbe(out, addresses, terminals));
    return r.ok ? null : r.message;
  }

  /** A request after the handshake: its word and fields. */
  private interface Request {
    void write(DataOutputStream out) throws IOException;
  }

  /** One short exchange: handshake, the request, the target's one reply. */
  private TransferProtocol.Reply ask(InetSocketAddress target, String migrationId,
      byte[] token, Request request) throws ImageTransferException {
    String node = node(target);
    try (Socket socket = new Socket()) {
      connect(socket, target);
      TransferSession session = handshake(new BufferedOutputStream(
          socket.getOutputStream()), socket.getInputStream(), migrationId, token, node);
      request.write(session.out);
      session.endWrite();
      return session.readReply();
    } catch (ImageTransferException e) {
      throw e;
    } catch (IOException e) {
      throw failed(migrationId, node, e);
    }
  }

  /**
   * The source's watchdog gives a migration up: asks the target what to do with the frozen
   * tree ({@link GiveUp}).
   *
   * @return the target's verdict; UNDECIDED with its reason when it cannot tell yet
   * @throws ImageTransferException if the target cannot be asked
   */
  public GiveUp.Answer giveUp(InetSocketAddress target, String migrationId, byte[] token)
      throws ImageTransferException {
    TransferProtocol.Reply r = ask(target, migrationId, token,
        out -> out.writeInt(TransferProtocol.REQUEST_GIVE_UP));
    if (!r.ok) {
      return new GiveUp.Answer(GiveUp.Verdict.UNDECIDED, r.message);
    }
    for (GiveUp.Verdict v : new GiveUp.Verdict[] {GiveUp.Verdict.THAW, GiveUp.Verdict.KILL}) {
      if (r.message.startsWith(v.name() + " ")) {
        return new GiveUp.Answer(v, r.message.substring(v.name().length() + 1));
      }
    }
    throw failed(migrationId, node(target), new IOException("unknown give-up verdict "
        + ImageManifest.quote(r.message)));
  }

  /**
   * Pulls a migrated task's output back from the node it moved to ({@link TaskOutputs}):
   * its files land in {@code scratch} (an empty directory of this NodeManager's own), each
   * checked against its digest.
   *
   * @return the names of the files received
   * @throws ImageTransferException if the target refuses or the pull fails
   */
  public List<String> pullTaskOutput(InetSocketAddress target, String migrationId,
      byte[] token, String attempt, Path scratch)
      throws ImageTransferException {
    String node = node(target);
    try (Socket socket = new Socket()) {
      connect(socket, target);
      TransferSession session = handshake(new BufferedOutputStream(
          socket.getOutputStream()), new BufferedInputStream(socket.getInputStream(),
              64 * 1024), migrationId, token, node);
      TaskOutputs.writeRequest(session.out, attempt);
      session.endWrite();
      expectOk(session, migrationId, node);
      return TaskOutputs.receive(session, scratch, settings);
    } catch (ImageTransferException e) {
      throw e;
    } catch (IOException e) {
      throw failed(migrationId, node, e);
    }
  }

  /**
   * Post-copy: opens the page stream of a migration to its target ({@link PageStream}) and
   * relays it to CRIU's page server on this host's loopback at {@code pageServerPort} (the
   * lazy dump's), until either end closes.
   *
   * @throws ImageTransferException if the target refuses the stream or either end cannot
   *     be reached
   */
  public PageStream openPageStream(InetSocketAddress target, String migrationId,
      byte[] token, int pageServerPort) throws ImageTransferException {
    PageStream.Remote remote = openPages(target, migrationId, token,
        out -> out.writeInt(TransferProtocol.REQUEST_PAGES));
    Socket local = new Socket();
    try {
      local.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
          pageServerPort), settings.getConnectTimeoutMs());
      PageStream stream = PageStream.relay(migrationId, local, remote);
      LOG.info("Opened the {}", stream);
      return stream;
    } catch (IOException e) {
      PageStream.closeQuietly(local);
      remote.close();
      throw failed(migrationId, node(target), e);
    }
  }

  /**
   * Streaming stop-and-copy, before the freeze: asks the target to start the page server
   * of the migration ({@link PageStream.DumpHandler}) and returns the authenticated stream
   * to it, to be relayed ({@link PageStream#relay}) to this host's {@code criu dump
   * --page-server} once it connects.
   *
   * @param expectedBytes about how much the pages take (the target refuses what its disk
   *     cannot hold)
   * @throws ImageTransferException if the target refuses (its reason) or cannot be reached
   */
  public PageStream.Remote openPageDump(InetSocketAddress target, String migrationId,
      byte[] token, long expectedBytes) throws ImageTransferException {
    return openPages(target, migrationId, token, out -> {
      out.writeInt(TransferProtocol.REQUEST_PAGE_DUMP);
      out.writeLong(expectedBytes);
    });
  }

  /** A page stream's connection: handshake, its request, the target's OK. */
  private PageStream.Remote openPages(InetSocketAddress target, String migrationId,
      byte[] token, Request request) throws ImageTransferException {
    String node = node(target);
    Socket socket = new Socket();
    boolean opened = false;
    try {
      connect(socket, target);
      TransferSession session = handshake(new BufferedOutputStream(
          socket.getOutputStream(), PageStream.MAX_FRAME_BYTES + 64),
          new BufferedInputStream(socket.getInputStream(), 64 * 1024), migrationId, token,
          node);
      request.write(session.out);
      session.endWrite();
      expectOk(session, migrationId, node);
      opened = true;
      return new PageStream.Remote(socket, session);
    } catch (ImageTransferException e) {
      throw e;
    } catch (IOException e) {
      throw failed(migrationId, node, e);
    } finally {
      if (!opened) {
        PageStream.closeQuietly(socket);
      }
    }
  }

  /** Connects within the connect timeout; every later read waits the read timeout. */
  private void connect(Socket socket, InetSocketAddress target) throws IOException {
    socket.connect(target, settings.getConnectTimeoutMs());
    socket.setSoTimeout(settings.getReadTimeoutMs());
  }

  /**
   * The first exchange of every request: magic, version, id, nonce and proof of the token,
   * then the receiver's OK and nonce; the session under their MAC begins.
   *
   * @param rawOut the connection's output, buffered (each tag flushes it)
   * @param rawIn the connection's input
   */
  static TransferSession handshake(OutputStream rawOut, InputStream rawIn,
      String migrationId, byte[] token, String node) throws IOException {
    DataOutputStream hello = new DataOutputStream(rawOut);
    byte[] senderNonce = TransferProtocol.writeHandshake(hello, migrationId, token);
    hello.flush();
    DataInputStream in = new DataInputStream(rawIn);
    TransferProtocol.Reply r = TransferProtocol.readReply(in);
    if (!r.ok) {
      throw new ImageTransferException(migrationId, node, "receiver replied: " + r.message,
          r.message, null);
    }
    byte[] receiverNonce = new byte[TransferMac.NONCE_BYTES];
    in.readFully(receiverNonce);
    return TransferSession.ofSender(rawIn, rawOut, token, senderNonce, receiverNonce);
  }

  private ImageTransferException writeTimedOut(String migrationId, String node, Exception e) {
    return new ImageTransferException(migrationId, node, "timed out: the receiver took no data"
        + " for " + settings.getReadTimeoutMs() + " ms ("
        + MigrationConfiguration.NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS + ")", null, e);
  }

  private static ImageTransferException failed(String migrationId, String node,
      IOException e) {
    if (e instanceof SocketTimeoutException) {
      return new ImageTransferException(migrationId, node, "timed out (" + e.getMessage() + ")",
          null, e);
    }
    return new ImageTransferException(migrationId, node, String.valueOf(e), null, e);
  }

  private void streamFile(Path root, ManifestEntry e, OutputStream out,
      TransferSession in, byte[] buffer, String migrationId, String node) throws IOException {
    long remaining = e.getSize();
    try (InputStream file = Files.newInputStream(root.resolve(e.getPath()),
        StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (remaining > 0) {
        int r = file.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (r < 0) {
          throw new ImageTransferException(migrationId, node, "file "
              + ImageManifest.quote(e.getPath()) + " is shorter than its manifest entry ("
              + e.getSize() + " bytes)", null, null);
        }
        out.write(buffer, 0, r);
        remaining -= r;
        checkEarlyReply(in, migrationId, node, false);
      }
    }
  }

  /**
   * Throws the receiver's error if it has replied while we were still sending.
   *
   * @param block after a write failure: wait (bounded by the read timeout) for the reply
   */
  private static void checkEarlyReply(TransferSession in, String migrationId, String node,
      boolean block) throws ImageTransferException {
    TransferProtocol.Reply r;
    try {
      if (!block && in.available() == 0) {
        return;
      }
      r = in.readReply();
    } catch (IOException ignored) {
      return; // no readable (or no authentic) reply: the caller reports its own failure
    }
    throw new ImageTransferException(migrationId, node, "receiver replied: "
        + (r.ok ? "unexpected OK before the end of the stream" : r.message),
        r.ok ? null : r.message, null);
  }

  private static TransferProtocol.Reply expectOk(TransferSession in, String migrationId,
      String node) throws IOException {
    TransferProtocol.Reply r = in.readReply();
    if (!r.ok) {
      throw new ImageTransferException(migrationId, node, "receiver replied: " + r.message,
          r.message, null);
    }
    return r;
  }

  static String node(InetSocketAddress target) {
    return target.getHostString() + ":" + target.getPort();
  }

  /** Counts bytes on their way to the socket. */
  private static final class CountingOutputStream extends FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
