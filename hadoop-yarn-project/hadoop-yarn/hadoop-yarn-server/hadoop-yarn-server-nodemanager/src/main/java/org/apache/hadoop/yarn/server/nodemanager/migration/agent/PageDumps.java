/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.CriuBackground;
import org.apache.hadoop.criu.CriuException;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's side of streaming stop-and-copy: the memory pages of a dump arrive while the
 * source dumps, before the rest of its images. For each such migration a
 * {@code criu page-server} (on loopback, for this NM's relay of the authenticated page
 * stream only) writes the pages into {@code <local dir>/<images dir>/<migrationId>.pages}
 * (0700); when the images arrive, the pages are moved into them once the page server ended
 * well, before the images count as received; a discard (abort, end) kills the page server
 * and deletes its directory, and an NM that starts deletes what an earlier run left
 * ({@link ReceivedImages#discardAllLeftovers}).
 */
public final class PageDumps implements PageStream.DumpHandler, ReceivedImages.StreamedPages {

  private static final Logger LOG = LoggerFactory.getLogger(PageDumps.class);

  /** The page server's log, in that directory. */
  static final String LOG_FILE = "page-server.log";
  /** The only files a page server writes there (besides its log). */
  static final Pattern PAGE_FILE = Pattern.compile("(pagemap|pages)-[0-9]{1,10}\\.img");
  /** Longest the connection to a started page server is retried. */
  static final long CONNECT_WAIT_MS = 5_000;
  /** Longest the images wait for their page server to end (it ends with its dump). */
  static final long END_WAIT_MS = 30_000;

  /** One migration's page server. */
  private static final class Dump {
    final Path dir;
    final CriuBackground server;
    PageStream stream;

    Dump(Path dir, CriuBackground server) {
      this.dir = dir;
      this.server = server;
    }
  }

  private final Supplier<Criu> criu;
  private final ReceivedImages images;
  /** Guarded by this. */
  private final Map<String, Dump> dumps = new HashMap<>();

  PageDumps(Supplier<Criu> criu, ReceivedImages images) {
    this.criu = criu;
    this.images = images;
  }

  @Override
  public Socket open(String migrationId, long expectedBytes) throws IOException {
    Path dir;
    synchronized (this) {
      if (dumps.containsKey(migrationId) || images.find(migrationId) != null) {
        throw new IOException("migration " + migrationId + " has pages or images here"
            + " already");
      }
      dir = images.newPrivateDir(migrationId + ReceivedImages.PAGES_SUFFIX, expectedBytes, "pages");
      // reserved: a second stream of the migration is refused from here on
      dumps.put(migrationId, new Dump(dir, null));
    }
    CriuBackground server = null;
    Socket socket = null;
    try {
      int port = PageStream.freeLoopbackPort();
      server = criu.get().startPageServer(dir, PageStream.LOOPBACK, port, LOG_FILE);
      socket = connect(port, server);
      String stranger = PageServerPeer.strangerOf(server.pid(), port, socket.getLocalPort(),
          CONNECT_WAIT_MS);
      if (stranger != null) {
        throw new IOException("the page server of migration " + migrationId + " on port "
            + port + " took another connection than this NodeManager's: " + stranger);
      }
      synchronized (this) {
        if (!dumps.containsKey(migrationId)) {
          throw new IOException("migration " + migrationId + " was discarded meanwhile");
        }
        dumps.put(migrationId, new Dump(dir, server));
      }
      LOG.info("Page server of migration {} writes into {} (about {} bytes)", migrationId,
          dir, expectedBytes);
      return socket;
    } catch (IOException | RuntimeException e) {
      PageStream.closeQuietly(socket == null ? new Socket() : socket);
      if (server != null) {
        server.close();
      }
      synchronized (this) {
        dumps.remove(migrationId);
      }
      deleteQuietly(dir);
      if (e instanceof CriuException) {
        throw new IOException("the page server of migration " + migrationId
            + " did not start: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  @Override
  public void relaying(String migrationId, PageStream stream) {
    boolean known;
    synchronized (this) {
      Dump d = dumps.get(migrationId);
      known = d != null;
      if (known) {
        d.stream = stream;
      }
    }
    if (!known) {
      stream.close(); // discarded meanwhile
    }
  }

  @Override
  public void mergeInto(String migrationId, Path imagesDir) throws IOException {
    Dump d;
    synchronized (this) {
      d = dumps.remove(migrationId);
    }
    if (d == null) {
      return; // the pages came with the images
    }
    try {
      if (d.server == null) {
        throw new IOException("its page server had not started");
      }
      try {
        d.server.awaitEnd(END_WAIT_MS);
      } catch (CriuException e) {
        throw new IOException("the page server of migration " + migrationId
            + " did not write every page: " + e.getMessage(), e);
      }
      if (d.stream != null && d.stream.getFailure() != null) {
        throw new IOException("the page stream of migration " + migrationId + " failed: "
            + d.stream.getFailure());
      }
      if (!Files.isDirectory(imagesDir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("the images of migration " + migrationId + " have no "
            + imagesDir.getFileName() + " directory for its pages");
      }
      int moved = 0;
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(d.dir)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (name.equals(LOG_FILE)) {
            continue;
          }
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          if (!a.isRegularFile() || !PAGE_FILE.matcher(name).matches()) {
            throw new IOException("unexpected " + name + " among the pages of migration "
                + migrationId);
          }
          Path to = imagesDir.resolve(name);
          if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the images of migration " + migrationId + " hold "
                + name + " too: the pages were streamed");
          }
          Files.move(p, to);
          moved++;
        }
      }
      if (moved == 0) {
        throw new IOException("no page of migration " + migrationId + " was written");
      }
      LOG.info("Merged {} page file(s) of migration {} into its images", moved, migrationId);
    } finally {
      end(d);
    }
  }

  @Override
  public void discard(String migrationId) {
    Dump d;
    synchronized (this) {
      d = dumps.remove(migrationId);
    }
    if (d != null) {
      LOG.info("Discarded the streamed pages of migration {}", migrationId);
      end(d);
    }
  }

  /** Ends every page server (the NM stops). */
  void discardAll() {
    List<String> ids;
    synchronized (this) {
      ids = new java.util.ArrayList<>(dumps.keySet());
    }
    for (String id : ids) {
      discard(id);
    }
  }

  private static void end(Dump d) {
    if (d.stream != null) {
      d.stream.close();
    }
    if (d.server != null) {
      d.server.close();
    }
    deleteQuietly(d.dir);
  }

  /** Connects to the page server on loopback, retrying until it listens. */
  private static Socket connect(int port, CriuBackground server) throws IOException {
    long deadline = System.nanoTime() + CONNECT_WAIT_MS * 1_000_000L;
    IOException last = null;
    while (System.nanoTime() < deadline && server.isAlive()) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getByName(PageStream.LOOPBACK), port),
            (int) CONNECT_WAIT_MS);
        return s;
      } catch (IOException e) {
        PageStream.closeQuietly(s);
        last = e;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while connecting to the page server", e);
      }
    }
    throw new IOException("the page server on port " + port + " took no connection"
        + (server.isAlive() ? " within " + CONNECT_WAIT_MS + " ms" : " (it ended)")
        + (last == null ? "" : ": " + last), last);
  }

  private static void deleteQuietly(Path dir) {
    try {
      ReceivedImages.deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("Could not delete the pages directory {}: {}", dir, e.toString());
    }
  }
}
