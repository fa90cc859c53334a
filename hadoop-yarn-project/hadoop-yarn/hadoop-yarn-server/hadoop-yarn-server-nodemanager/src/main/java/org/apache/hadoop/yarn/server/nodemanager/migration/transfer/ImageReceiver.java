/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of one transfer stream (format in {@link TransferProtocol}) whose handshake
 * {@link HandshakeGate} read and checked: the migration id is {@link MigrationIds#isValid
 * valid} and the sender proved it holds its token before anything after the handshake is
 * read. Everything after the handshake travels under the session's MAC
 * ({@link TransferSession}): a request, the manifest and the images are acted on only once
 * their tag matched. Everything received is still checked as untrusted:
 * <ul>
 *   <li>the whole manifest is {@link ImageManifest#validate checked} (no absolute path,
 *       no "..", parents listed as directories, total size limit) before anything is
 *       created;</li>
 *   <li>entries are created with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS} under a
 *       parent that must be a real directory, so a symlink is written as a link and never
 *       followed;</li>
 *   <li>directories are 0700 and files 0600 while written; once all entries arrived,
 *       each gets its recorded permission bits (0777 at most; the root stays 0700, so
 *       nothing below it is reachable by other users; CRIU needs the dumped modes back
 *       when the work dir is restored);</li>
 *   <li>each file's SHA-256 is computed while streaming and compared with the
 *       manifest;</li>
 *   <li>a FIFO is made by mkfifo(1) at its checked path (which fails on any existing
 *       name, a link included), with its recorded permission bits.</li>
 * </ul>
 * Any failure deletes {@code <migrationId>.partial} and sends the error text; success
 * renames it to {@code <migrationId>} (see {@link ReceivedImages}) and replies OK.
 */
final class ImageReceiver {

  private static final Logger LOG = LoggerFactory.getLogger(ImageReceiver.class);

  /** Longest the receiver keeps reading (and dropping) after an error reply. */
  static final long DRAIN_MILLIS = 5000;

  private static final Set<OpenOption> NEW_FILE = Collections.unmodifiableSet(
      new HashSet<OpenOption>(Arrays.<OpenOption>asList(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)));

  private final TransferSettings settings;
  private final ReceivedImages images;
  private final GiveUp.Handler giveUp;
  private final TaskOutputs.Handler taskOutputs;
  private final PageStream.Handler pageStreams;
  private final PageStream.DumpHandler pageDumps;

  ImageReceiver(TransferSettings settings, ReceivedImages images, GiveUp.Handler giveUp,
      TaskOutputs.Handler taskOutputs, PageStream.Handler pageStreams,
      PageStream.DumpHandler pageDumps) {
    this.settings = settings;
    this.images = images;
    this.giveUp = giveUp;
    this.taskOutputs = taskOutputs;
    this.pageStreams = pageStreams;
    this.pageDumps = pageDumps;
  }

  /**
   * Serves one connection to its end and closes it. Never throws.
   *
   * @param handshake the valid handshake {@link HandshakeGate} read (the OK is sent here)
   */
  void serve(Socket socket, HandshakeGate.Handshake handshake) {
    String peer = String.valueOf(socket.getRemoteSocketAddress());
    String migrationId = null;
    Path partial = null;
    boolean reserved = false;
    TransferSession session = null;
    boolean handedOver = false;
    long start = System.nanoTime();
    try {
      socket.setSoTimeout(settings.getReadTimeoutMs());
      BufferedInputStream rawIn = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      BufferedOutputStream rawOut = new BufferedOutputStream(socket.getOutputStream(), 8192);

      migrationId = handshake.migrationId;
      session = accept(rawIn, rawOut, handshake);
      DataInputStream in = session.in;

      int request = in.readInt();
      if (request == TransferProtocol.REQUEST_TARGET_PROBE) {
        TargetProbe probe = TransferProtocol.readTargetProbe(in);
        session.checkRead("the target probe");
        String lacking = probe.firstLacking();
        session.reply(lacking == null, lacking == null ? "can take " + probe : lacking);
        LOG.info("Target probe of migration {} from {}: {}", migrationId, peer,
            lacking == null ? probe + " free" : lacking);
        return;
      }
      if (request == TransferProtocol.REQUEST_GIVE_UP) {
        session.checkRead("the give-up");
        answerGiveUp(session, migrationId, peer);
        return;
      }
      if (request == TransferProtocol.REQUEST_TASK_OUTPUT) {
        TaskOutputs.serve(session, migrationId, taskOutputs, settings);
        LOG.info("Sent a task's output of migration {} to {} in {} ms", migrationId, peer,
            (System.nanoTime() - start) / 1000000);
        return;
      }
      if (request == TransferProtocol.REQUEST_PAGES) {
        session.checkRead("the page stream request");
        String refused = pageStreams == null ? "this NodeManager takes no page stream"
            : pageStreams.refuses(migrationId);
        if (refused != null) {
          throw new IOException(refused);
        }
        session.reply(true, "page stream held for the restore");
        refused = pageStreams.take(migrationId, new PageStream.Remote(socket, session));
        if (refused != null) {
          // the migration ended in between: closing tells the source
          LOG.info("Page stream of migration {} from {} dropped: {}", migrationId, peer,
              refused);
          return;
        }
        handedOver = true;
        LOG.info("Page stream of migration {} from {} held for its restore", migrationId,
            peer);
        return;
      }
      if (request == TransferProtocol.REQUEST_PAGE_DUMP) {
        long expected = in.readLong();
        session.checkRead("the page dump request");
        if (pageDumps == null) {
          throw new IOException("this NodeManager takes no page stream of a dump");
        }
        if (expected < 0 || expected > settings.getMaxTotalBytes()) {
          throw new IOException("a dump of " + expected + " bytes of pages (at most "
              + settings.getMaxTotalBytes() + ")");
        }
        Socket local = pageDumps.open(migrationId, expected);
        PageStream stream;
        try {
          session.reply(true, "page server ready");
          stream = PageStream.relay(migrationId, local, new PageStream.Remote(socket, session));
        } catch (IOException | RuntimeException e) {
          PageStream.closeQuietly(local);
          throw e;
        }
        handedOver = true;
        pageDumps.relaying(migrationId, stream);
        LOG.info("Page stream of the dump of migration {} from {} relayed to its page server",
            migrationId, peer);
        return;
      }
      if (request != TransferProtocol.REQUEST_IMAGES) {
        throw new IOException("unknown request " + Integer.toHexString(request)
            + " after the handshake");
      }
      ImageManifest manifest = ImageManifest.read(in, settings.getMaxEntries(),
          settings.getMaxTotalBytes());
      session.checkRead("the manifest");
      manifest.validate(settings.getMaxTotalBytes());
      partial = images.begin(migrationId, manifest.totalFileBytes());
      reserved = true;
      session.reply(true, "manifest accepted");

      writeEntries(session, partial, manifest);
      int end = in.readInt();
      if (end != TransferProtocol.END_MARKER) {
        throw new IOException("stream does not end with the end marker after the last file");
      }
      session.checkRead("the images");
      Path done = images.commit(migrationId, partial);
      reserved = false;
      String msg = "received " + manifest.fileCount() + " files, "
          + manifest.totalFileBytes() + " bytes";
      session.reply(true, msg);
      LOG.info("Received images of migration {} from {} into {}: {} in {} ms", migrationId,
          peer, done, msg, (System.nanoTime() - start) / 1000000);
    } catch (Exception e) {
      String why = describe(e);
      if (e.getClass() == IOException.class) {
        // a refusal by our own checks: the text says it all
        LOG.warn("Receive of images (migration {}, peer {}) failed: {}",
            migrationId == null ? "?" : migrationId, peer, why);
      } else {
        LOG.warn("Receive of images (migration {}, peer {}) failed: {}",
            migrationId == null ? "?" : migrationId, peer, why, e);
      }
      if (reserved) {
        try {
          images.abort(migrationId, partial);
        } catch (IOException cleanup) {
          LOG.error("Could not delete partial images {} of migration {}", partial,
              migrationId, cleanup);
        }
      }
      if (session != null) {
        try {
          session.reply(false, why);
          drain(socket);
        } catch (IOException ignored) {
          // the peer is gone; nothing more to tell it
        }
      }
    } finally {
      if (!handedOver) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  /**
   * The receiver's end of a valid handshake: the OK, then this side's nonce; the session
   * (and its MAC) begins after them.
   *
   * @param rawOut the connection's output, buffered (each tag flushes it)
   */
  static TransferSession accept(InputStream rawIn, OutputStream rawOut,
      HandshakeGate.Handshake handshake) throws IOException {
    byte[] nonce = TransferMac.nonce();
    DataOutputStream hello = new DataOutputStream(rawOut);
    TransferProtocol.writeReply(hello, true, "handshake accepted");
    hello.write(nonce);
    hello.flush();
    return TransferSession.ofReceiver(rawIn, rawOut, handshake.token, handshake.senderNonce,
        nonce);
  }

  /** The verdict for a source that gives the migration up: "THAW ..." or "KILL ...". */
  private void answerGiveUp(TransferSession session, String migrationId, String peer)
      throws IOException {
    if (giveUp == null) {
      session.reply(false, "this NodeManager does not decide give-ups");
      return;
    }
    GiveUp.Answer a;
    try {
      a = giveUp.giveUp(migrationId);
    } catch (IOException e) {
      a = new GiveUp.Answer(GiveUp.Verdict.UNDECIDED, e.getMessage());
    }
    LOG.warn("The source {} gives migration {} up: {}", peer, migrationId, a);
    session.reply(a.getVerdict() != GiveUp.Verdict.UNDECIDED,
        a.getVerdict() == GiveUp.Verdict.UNDECIDED ? a.getReason()
            : a.getVerdict() + " " + a.getReason());
  }

  private void writeEntries(TransferSession session, Path root, ImageManifest manifest)
      throws IOException {
    DataInputStream in = session.in;
    byte[] buffer = new byte[settings.getBufferBytes()];
    MessageDigest md = ImageManifest.newSha256();
    for (ManifestEntry e : manifest.getEntries()) {
      Path target = resolveInside(root, e.getPath());
      if (!Files.isDirectory(target.getParent(), LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("rejected entry " + ImageManifest.quote(e.getPath())
            + ": parent is not a directory");
      }
      switch (e.getType()) {
      case DIR:
        Files.createDirectory(target, PosixFilePermissions.asFileAttribute(
            PosixModes.fromBits(PosixModes.DIR_MODE)));
        break;
      case SYMLINK:
        Files.createSymbolicLink(target, Paths.get(e.getLinkTarget()));
        break;
      case FILE:
        // its bytes: bound by its SHA-256 in the manifest, which the tag covered
        session.coverFileBytes(false);
        try {
          receiveFile(in, target, e, buffer, md);
        } finally {
          session.coverFileBytes(true);
        }
        break;
      case FIFO:
        Fifos.make(target, PosixModes.receivedFileMode(e.getMode()));
        break;
      default:
        throw new IOException("unknown entry type " + e.getType());
      }
    }
    // Directory modes last, deepest first, so a read-only directory does not block the
    // writes below it.
    List<ManifestEntry> entries = manifest.getEntries();
    for (int i = entries.size() - 1; i >= 0; i--) {
      ManifestEntry e = entries.get(i);
      if (e.getType() == EntryType.DIR) {
        Files.setPosixFilePermissions(resolveInside(root, e.getPath()),
            PosixModes.fromBits(PosixModes.receivedFileMode(e.getMode())));
      }
    }
  }

  private static void receiveFile(InputStream in, Path target, ManifestEntry e,
      byte[] buffer, MessageDigest md) throws IOException {
    md.reset();
    long remaining = e.getSize();
    try (SeekableByteChannel ch = Files.newByteChannel(target, NEW_FILE,
        PosixFilePermissions.asFileAttribute(PosixModes.fromBits(PosixModes.FILE_MODE)))) {
      while (remaining > 0) {
        int r = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (r < 0) {
          throw new EOFException("stream ended in the middle of "
              + ImageManifest.quote(e.getPath()));
        }
        md.update(buffer, 0, r);
        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, r);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        remaining -= r;
      }
    }
    if (!MessageDigest.isEqual(md.digest(), e.sha256Ref())) {
      throw new IOException("checksum mismatch for " + ImageManifest.quote(e.getPath()));
    }
    Files.setPosixFilePermissions(target,
        PosixModes.fromBits(PosixModes.receivedFileMode(e.getMode())));
  }

  /** Resolves a validated relative path; refuses anything that would leave root. */
  static Path resolveInside(Path root, String relative) throws IOException {
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IOException("rejected entry " + ImageManifest.quote(relative)
          + ": escapes the image root");
    }
    return p;
  }

  /** Lets the sender read the error reply instead of a reset: read and drop, bounded. */
  private static void drain(Socket socket) throws IOException {
    socket.shutdownOutput();
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    byte[] sink = new byte[8192];
    InputStream in = socket.getInputStream();
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      socket.setSoTimeout((int) left);
      try {
        if (in.read(sink) < 0) {
          return;
        }
      } catch (SocketTimeoutException e) {
        return;
      }
    }
  }

  private String describe(Exception e) {
    if (e instanceof SocketTimeoutException) {
      return "timed out after " + settings.getReadTimeoutMs() + " ms waiting for the sender";
    }
    if (e instanceof EOFException) {
      return e.getMessage() == null ? "stream ended early" : e.getMessage();
    }
    if (e.getClass() == IOException.class && e.getMessage() != null) {
      return e.getMessage(); // our own checks: the message is the whole story
    }
    return e instanceof IOException ? String.valueOf(e) : "internal error: " + e;
  }
}
