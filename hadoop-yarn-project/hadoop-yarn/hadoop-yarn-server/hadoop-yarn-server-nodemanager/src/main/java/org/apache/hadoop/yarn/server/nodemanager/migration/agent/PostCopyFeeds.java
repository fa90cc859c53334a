/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.CriuBackground;
import org.apache.hadoop.criu.CriuException;
import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.criu.UffdHolder;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's side of a post-copy migration. The source opens the migration's page
 * stream right after its images ({@link PageStream}); it is held here until the restore
 * container launches. Then {@link #feed} starts a {@code criu lazy-pages} daemon on the
 * images, listening for CRIU's page protocol on a loopback port of its own, and relays
 * between that port and the stream: the restore ({@code criu restore --lazy-pages}) runs
 * the tree at once and its daemon pulls the memory from the source's dump in the
 * background. A stream is taken only for a migration this node holds images of and whose
 * restore has not ended; one that no restore takes goes when the images are discarded.
 *
 * <p>A pull that breaks once the daemon took the tree (the source, its node or the stream
 * failed, no stream came, or the daemon ended in error) leaves the restored tree without
 * memory it had not pulled yet: once the daemon is gone, such memory would read as zeros.
 * So a {@link UffdHolder} holds the tree's userfaultfds beside the daemon from its start:
 * a daemon that dies (killed, crashed) leaves the tree waiting on such a page, never
 * reading zeros; the tree is ended ({@link TreesLackingPages}) and only once its
 * namespace init is gone does the holder let go. The RM reports the container LOST. A
 * daemon that exited 0 (every page in place) releases the holder at once.
 *
 * <p>Each migration has one record here ({@link Entry}), in one {@link FeedState}: its
 * stream is HELD until its restore launches, the restore's daemon is AWAITING the stream
 * (when the restore launched first), then RELAYING; the record goes when the feed ends,
 * or when the images are discarded before it relays.
 */
public final class PostCopyFeeds implements PageStream.Handler, ReceivedImages.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(PostCopyFeeds.class);

  /** Ends a restored tree whose page pull broke. */
  public interface TreesLackingPages {
    /**
     * The restored tree of {@code migrationId} in {@code container} lacks memory: end it.
     *
     * @return the host pid of its namespace init, sent SIGKILL (its death ends every task
     *     of the namespace), or -1 when not found
     */
    int end(String migrationId, String container, String why);
  }

  /** How long the holder of a feed has to watch its daemon once started. */
  static final long HOLDER_READY_MS = 10_000;
  /** How long a lost tree's namespace init is waited for before its holder lets go. */
  static final long TREE_END_WAIT_MS = 30_000;

  /** Where one migration's page feed stands. */
  enum FeedState {
    /** The source's stream came; no restore launched yet. */
    HELD,
    /** The restore launched: its daemon waits for the stream (or picks the held one). */
    AWAITING,
    /** The daemon and the stream are relayed: pages flow. */
    RELAYING
  }

  /** One migration's record: its state, the stream until the relay takes it, its feed. */
  private static final class Entry {
    FeedState state;
    /** The source's stream, until the relay takes it. */
    PageStream.Remote stream;
    /** The restore's daemon and relay (AWAITING, RELAYING). */
    Feed feed;
  }

  private final TargetMigrations targets;
  private final long waitMs;
  private final TreesLackingPages lacking;
  /** Every migration with a stream or a feed here (guarded by this). */
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * @param waitMs how long a restore waits for its stream and for CRIU's connection (the
   *     restore timeout)
   */
  PostCopyFeeds(TargetMigrations targets, long waitMs, TreesLackingPages lacking) {
    this.targets = targets;
    this.waitMs = waitMs;
    this.lacking = lacking;
  }

  @Override
  public synchronized String refuses(String migrationId) {
    TargetMigrations.State s = targets.state(migrationId);
    if (s != TargetMigrations.State.RECEIVED && s != TargetMigrations.State.TICKETED
        && s != TargetMigrations.State.RESTORING) {
      return "migration " + migrationId + " has no restore waiting for its pages on this"
          + " node (" + s + ")";
    }
    Entry e = entries.get(migrationId);
    if (e != null && (e.stream != null || e.state == FeedState.RELAYING)) {
      return "migration " + migrationId + " has a page stream already";
    }
    return null;
  }

  @Override
  public synchronized String take(String migrationId, PageStream.Remote stream) {
    String why = refuses(migrationId);
    if (why == null) {
      Entry e = entries.computeIfAbsent(migrationId, m -> new Entry());
      e.stream = stream;
      if (e.state == null) {
        e.state = FeedState.HELD;
      }
      notifyAll(); // a restore AWAITING it
    }
    return why;
  }

  /** Where the feed of a migration stands, or null when it has none (tests, logs). */
  synchronized FeedState state(String migrationId) {
    Entry e = entries.get(migrationId);
    return e == null ? null : e.state;
  }

  @Override
  public void imagesReceived(String migrationId, Path dir) {
    // the stream comes after the images
  }

  /**
   * The migration ended: a stream no restore took goes, and a feed not relaying yet (a
   * relaying one ends with its daemon).
   */
  @Override
  public void imagesDiscarded(String migrationId) {
    Entry e;
    synchronized (this) {
      e = entries.get(migrationId);
      if (e == null || e.state == FeedState.RELAYING) {
        return;
      }
      entries.remove(migrationId);
      if (e.feed != null) {
        e.feed.givenUp = true;
      }
      notifyAll();
    }
    if (e.stream != null) {
      e.stream.close();
      LOG.info("Page stream of migration {} closed: no restore took it", migrationId);
    }
    if (e.feed != null) {
      e.feed.release();
    }
  }

  /**
   * The restore container of a post-copy migration launches: starts the lazy-pages daemon
   * on its images (ready for {@code criu restore --lazy-pages}) and, in the background,
   * relays its page protocol to the source over the held stream.
   *
   * @throws IOException when the daemon cannot start (the restore is refused)
   */
  public void feed(Criu criu, String migrationId, String container, Path images)
      throws IOException {
    ServerSocket port = new ServerSocket(0, 1, InetAddress.getByName(PageStream.LOOPBACK));
    CriuBackground daemon;
    try {
      daemon = criu.startLazyPages(images, PageStream.LOOPBACK, port.getLocalPort(),
          MigrationContract.LAZY_PAGES_LOG);
    } catch (CriuException e) {
      port.close();
      throw e;
    }
    UffdHolder holder;
    try {
      holder = UffdHolder.start(daemon.pid(), HOLDER_READY_MS);
    } catch (IOException e) {
      daemon.close();
      port.close();
      throw new IOException("post-copy restore of migration " + migrationId + " refused: "
          + e.getMessage() + " (without it, a lazy-pages daemon that died would let the tree"
          + " read zeros for the pages it had not pulled)", e);
    }
    LOG.info("Restore of migration {}: criu lazy-pages (pid {}) started, the {} holds its"
        + " userfaultfds", migrationId, daemon.pid(), holder);
    Feed feed = new Feed(migrationId, container, port, daemon, holder);
    synchronized (this) {
      Entry e = entries.computeIfAbsent(migrationId, m -> new Entry());
      e.feed = feed;
      e.state = FeedState.AWAITING;
    }
    Thread t = new Thread(feed, "post-copy-feed-" + migrationId);
    t.setDaemon(true);
    t.start();
  }

  /**
   * The feed's stream, once it came (within the wait): the record is RELAYING from then
   * on; null when it did not come or the migration ended meanwhile.
   */
  private synchronized PageStream.Remote awaitStream(String migrationId, Feed feed)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    Entry e;
    while ((e = entries.get(migrationId)) != null && e.feed == feed && e.stream == null
        && !feed.givenUp) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return null;
      }
      wait(left);
    }
    if (e == null || e.feed != feed || e.stream == null || feed.givenUp) {
      return null;
    }
    PageStream.Remote stream = e.stream;
    e.stream = null;
    e.state = FeedState.RELAYING;
    return stream;
  }

  /** The feed ended: its record goes (with a stream that came too late for it). */
  private void forget(String migrationId, Feed feed) {
    PageStream.Remote late = null;
    synchronized (this) {
      Entry e = entries.get(migrationId);
      if (e != null && e.feed == feed) {
        entries.remove(migrationId);
        late = e.stream;
      }
    }
    if (late != null) {
      late.close();
    }
  }

  /** One restore's daemon and relay. */
  private final class Feed implements Runnable {
    private final String migrationId;
    /** The restore container. */
    private final String container;
    private final ServerSocket port;
    private final CriuBackground daemon;
    /** Holds the tree's userfaultfds beside the daemon until the tree is safe. */
    private final UffdHolder holder;
    /** The host pid of the lost tree's namespace init, once ended (-1: not found). */
    private volatile int endedInit = 0;
    /** The migration ended before the relay began (guarded by the feeds' lock). */
    private boolean givenUp;
    private final java.util.concurrent.atomic.AtomicBoolean treeEnded =
        new java.util.concurrent.atomic.AtomicBoolean();

    Feed(String migrationId, String container, ServerSocket port, CriuBackground daemon,
        UffdHolder holder) {
      this.migrationId = migrationId;
      this.container = container;
      this.port = port;
      this.daemon = daemon;
      this.holder = holder;
    }

    /**
     * Given up before relaying: the daemon and its port go (the restore fails); the holder
     * lets go once the feed's thread is done with the tree.
     */
    void release() {
      closeQuietly(port);
      daemon.close();
    }

    @Override
    public void run() {
      PageStream stream = null;
      boolean handedOver = false;
      try {
        port.setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMs));
        Socket local;
        try {
          local = port.accept(); // CRIU's daemon, once the restore handed it the tree
        } finally {
          closeQuietly(port);
        }
        handedOver = true;
        PageStream.Remote remote = awaitStream(migrationId, this);
        if (remote == null) {
          local.close();
          throw new IOException("no page stream came from the source within " + waitMs
              + " ms");
        }
        // the source's side failing while the daemon still serves the tree's faults: the
        // tree is ended before the daemon sees the end (its memory would read zeros after)
        stream = PageStream.relay(migrationId, local, remote, why -> {
          if (daemon.isAlive()) {
            endTree(why);
          }
        });
        LOG.info("Restore of migration {} pulls its pages over the {}", migrationId, stream);
        daemon.awaitEnd(TimeUnit.MINUTES.toMillis(30));
        holder.close(); // every page in place: a registration without a reader would stop
        // the tree at its next fork or munmap
        stream.awaitEnd(10_000);
        LOG.info("Every page of migration {} arrived ({})", migrationId, stream);
      } catch (IOException e) {
        LOG.warn("Post-copy feed of migration {} failed ({}): {}", migrationId,
            stream == null ? "no stream" : stream, e.getMessage());
        if (handedOver) {
          endTree("the page pull from the source broke (" + (stream == null ? "no stream"
              : stream) + "): " + e.getMessage());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (handedOver) {
          endTree("the page pull was interrupted (" + stream + ")");
        }
      } finally {
        daemon.close();
        if (stream != null) {
          stream.close();
        }
        letGo();
        forget(migrationId, this);
      }
    }

    /**
     * The holder lets go: at once when no tree was ended, else once the ended tree's
     * namespace init is gone (every task of the namespace ended before it), at most
     * {@value #TREE_END_WAIT_MS} ms.
     */
    private void letGo() {
      int init = endedInit;
      if (treeEnded.get()) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TREE_END_WAIT_MS);
        try {
          while ((init <= 0 || ProcessTree.isAlive(init)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (init <= 0 || ProcessTree.isAlive(init)) {
          LOG.error("Migration {}: the restored tree of {} (namespace init {}) is not gone"
              + " {} ms after it was ended; its userfaultfds are let go", migrationId,
              container, init, TREE_END_WAIT_MS);
        }
      }
      LOG.info("Migration {}: the {} lets go", migrationId, holder);
      holder.close();
    }

    /** Ends the restored tree first, then lets the daemon go (its pages would read zero). */
    private void endTree(String why) {
      if (!treeEnded.compareAndSet(false, true)) {
        return;
      }
      try {
        endedInit = lacking.end(migrationId, container, why);
      } catch (RuntimeException e) {
        endedInit = -1;
        LOG.error("Could not end the restored tree of migration {}, which lacks memory: {}",
            migrationId, e.toString());
      }
    }
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
