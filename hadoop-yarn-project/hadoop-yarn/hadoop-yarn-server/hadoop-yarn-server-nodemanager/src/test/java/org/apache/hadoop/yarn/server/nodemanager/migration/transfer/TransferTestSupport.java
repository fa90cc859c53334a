/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;

/** Trees, servers and a corrupting proxy shared by the transfer tests. */
public final class TransferTestSupport {

  public static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  static final String ID = "migration_1700000000000_0001";

  private TransferTestSupport() {
  }

  /** Bound to loopback on an ephemeral port, with short timeouts. */
  public static TransferSettings loopbackSettings() {
    return TransferSettings.defaults().withBindHost("127.0.0.1").withPort(0)
        .withReadTimeoutMs(20000).withConnectTimeoutMs(5000);
  }

  static ImageTransferServer startServer(TransferSettings settings, Path localDir,
      byte[] key) {
    TransferSecretManager secrets = new TransferSecretManager();
    if (key != null) {
      secrets.setCurrentKey(key);
    }
    ImageTransferServer server = new ImageTransferServer(settings, secrets,
        new ReceivedImages(Collections.singletonList(localDir)));
    server.init(new Configuration(false));
    server.start();
    return server;
  }

  static InetSocketAddress loopback(ImageTransferServer server) {
    return new InetSocketAddress("127.0.0.1", server.getPort());
  }

  static void writeRandom(Path file, long bytes, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = bytes;
      while (left > 0) {
        r.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
  }

  static void write(Path file, String text, String mode) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(file,
        java.nio.file.attribute.PosixFilePermissions.fromString(mode));
  }

  static int mode(Path p) throws IOException {
    return PosixModes.toBits(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  /** Every path below dir (relative), sorted; empty if dir does not exist. */
  static List<String> listTree(Path dir) throws IOException {
    List<String> out = new ArrayList<String>();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(p -> out.add(dir.relativize(p).toString()));
    }
    Collections.sort(out);
    return out;
  }

  /** Same entries (paths, types, sizes, digests, link targets) in both manifests. */
  static void assertSameContent(ImageManifest expected, ImageManifest actual) {
    assertEquals(expected.getEntries().size(), actual.getEntries().size());
    for (int i = 0; i < expected.getEntries().size(); i++) {
      ManifestEntry e = expected.getEntries().get(i);
      ManifestEntry a = actual.getEntries().get(i);
      assertEquals(e.getPath(), a.getPath());
      assertEquals(e.getType(), a.getType());
      assertEquals(e.getPath(), e.getSize(), a.getSize());
      assertEquals(e.getPath(), e.getLinkTarget(), a.getLinkTarget());
      assertTrue(e.getPath(), java.util.Arrays.equals(e.getSha256(), a.getSha256()));
    }
  }

  static Path path(String first, String... more) {
    return Paths.get(first, more);
  }

  /**
   * Forwards one connection to a target with one fault in the client-to-server stream:
   * {@link #corrupting} flips one bit of the byte at an offset; {@link #stalling} stops
   * reading from the client at an offset (a receiver that accepts and then takes nothing).
   */
  public static final class FaultyProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<Socket>());
    private final long stallOffset;
    final AtomicLong forwarded = new AtomicLong();
    /** What the client sent, as forwarded (a recording proxy's only). */
    final java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();
    private volatile boolean record;

    /** Forwards as it is, and records what the client sends ({@link #recorded}). */
    public static FaultyProxy recording(InetSocketAddress target) throws IOException {
      FaultyProxy p = new FaultyProxy(target, -1, -1);
      p.record = true;
      return p;
    }

    /** Flips one bit of the client's byte at corruptOffset. */
    public static FaultyProxy corrupting(InetSocketAddress target, long corruptOffset)
        throws IOException {
      return new FaultyProxy(target, corruptOffset, -1);
    }

    /** Forwards the client's first stallOffset bytes, then reads nothing more. */
    public static FaultyProxy stalling(InetSocketAddress target, long stallOffset)
        throws IOException {
      return new FaultyProxy(target, -1, stallOffset);
    }

    private FaultyProxy(final InetSocketAddress target, final long corruptOffset,
        long stallOffset) throws IOException {
      this.stallOffset = stallOffset;
      listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        try {
          Socket client = listener.accept();
          Socket server = new Socket(target.getAddress(), target.getPort());
          sockets.add(client);
          sockets.add(server);
          pump(client, server, corruptOffset, stallOffset, true);
          pump(server, client, -1, -1, false);
        } catch (IOException ignored) {
          // closed
        }
      }, "faulty-proxy");
      t.setDaemon(true);
      t.start();
    }

    public InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
    }

    private void pump(final Socket from, final Socket to, final long corruptOffset,
        final long stallAt, final boolean fromClient) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[64 * 1024];
        long pos = 0;
        try {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          int n;
          while (true) {
            int max = stallAt < 0 ? buf.length : (int) Math.min(buf.length, stallAt - pos);
            if (max <= 0) {
              return; // stalled: the connection stays open, nothing more is read
            }
            n = in.read(buf, 0, max);
            if (n <= 0) {
              break;
            }
            if (corruptOffset >= pos && corruptOffset < pos + n) {
              buf[(int) (corruptOffset - pos)] ^= 0x01;
            }
            pos += n;
            if (fromClient && record) {
              synchronized (recorded) {
                recorded.write(buf, 0, n);
              }
            }
            out.write(buf, 0, n);
            if (corruptOffset >= 0) {
              forwarded.set(pos);
            }
          }
          to.shutdownOutput();
        } catch (IOException e) {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() {
      closeQuietly(listener);
      synchronized (sockets) {
        for (Socket s : sockets) {
          closeQuietly(s);
        }
      }
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // test cleanup
    }
  }
}
