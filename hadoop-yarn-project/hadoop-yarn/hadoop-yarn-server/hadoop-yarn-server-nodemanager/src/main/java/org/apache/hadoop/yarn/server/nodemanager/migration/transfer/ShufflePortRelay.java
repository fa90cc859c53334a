/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.netty.bootstrap.ClientBootstrap;
import org.jboss.netty.buffer.ChannelBuffer;
import org.jboss.netty.buffer.ChannelBuffers;
import org.jboss.netty.channel.Channel;
import org.jboss.netty.channel.ChannelFactory;
import org.jboss.netty.channel.ChannelFuture;
import org.jboss.netty.channel.ChannelFutureListener;
import org.jboss.netty.channel.ChannelHandlerContext;
import org.jboss.netty.channel.ChannelStateEvent;
import org.jboss.netty.channel.Channels;
import org.jboss.netty.channel.ExceptionEvent;
import org.jboss.netty.channel.MessageEvent;
import org.jboss.netty.channel.SimpleChannelUpstreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection to MapReduce's shuffle port when the shuffle
 * shares that port with the image transfer ({@code MigratingShuffleHandler}). It reads the
 * connection's first four bytes:
 * <ul>
 *   <li>anything but the transfer's magic "YMIG" ({@link TransferProtocol#MAGIC}): the
 *       handler leaves the pipeline and the bytes go on, unchanged, to the shuffle's own
 *       handlers (HTTP, or TLS first where the shuffle has TLS on); a fetch sees no
 *       difference;</li>
 *   <li>"YMIG": the connection is a transfer (images, a target probe, a give-up or an
 *       output pull). It is relayed, byte for byte in both directions, to this NM's image
 *       receiver ({@link SharedShufflePort#receiver()}, on loopback), which authenticates
 *       and serves it as any connection to its own port: its handshake deadline, thread
 *       pool and limits apply unchanged.</li>
 * </ul>
 * The relay is non-blocking (Netty's I/O threads; a peer that sends nothing holds no
 * thread) and keeps flow control: a side that cannot take more stops reading the other
 * until what it was given is written.
 * Either side's close closes the other once what was read is written. A relayed
 * connection is logged once, with the peer and the relay's own end, which is the peer the
 * receiver sees and logs (loopback).
 *
 * <p>One instance per connection: it keeps the connection's state.
 */
public final class ShufflePortRelay extends SimpleChannelUpstreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ShufflePortRelay.class);

  /** Its name in the shuffle's pipeline. */
  public static final String NAME = "migration-transfer";

  private static final AtomicLong RELAYED = new AtomicLong();

  /** What may wait, per relayed connection, for the receiver before the sender is paused. */
  static final int RELAY_HIGH_WATER_BYTES = 4 * 1024 * 1024;

  private final ChannelFactory clients;
  private final Supplier<InetSocketAddress> receiver;

  /** Bytes read before the connection is known, then before the receiver answered. */
  private ChannelBuffer pending;
  private boolean relaying;
  /** The receiver's side is connected and what was pending went to it first. */
  private boolean flowing;
  private volatile Channel outbound;
  private volatile ChannelHandlerContext inboundContext;

  /**
   * @param clients makes the connections to the receiver (the shuffle's, shared by its
   *     relays, released when the shuffle stops)
   * @param receiver where the receiver listens now, or null when none runs
   */
  public ShufflePortRelay(ChannelFactory clients, Supplier<InetSocketAddress> receiver) {
    this.clients = clients;
    this.receiver = receiver;
  }

  @Override
  public void messageReceived(ChannelHandlerContext ctx, MessageEvent e) {
    ChannelBuffer in = (ChannelBuffer) e.getMessage();
    synchronized (this) {
      if (relaying) {
        if (!flowing) {
          pending = append(pending, in);
          return;
        }
      } else {
        pending = append(pending, in);
        Boolean transfer = isTransfer(pending);
        if (transfer == null) {
          return; // fewer than four bytes, all of them the magic's so far
        }
        ChannelBuffer first = pending;
        pending = null;
        if (!transfer) {
          // a fetch (or anything else): the shuffle's own pipeline takes it from here
          ctx.getPipeline().remove(this);
          Channels.fireMessageReceived(ctx, first, e.getRemoteAddress());
          return;
        }
        relaying = true;
        pending = first;
        startRelay(ctx, e.getRemoteAddress());
        return;
      }
    }
    forward(ctx.getChannel(), in);
  }

  /**
   * @return TRUE when the buffer starts with the magic, FALSE when it cannot, null while
   *     fewer than four bytes came and they match the magic's first ones
   */
  static Boolean isTransfer(ChannelBuffer b) {
    int n = Math.min(4, b.readableBytes());
    for (int i = 0; i < n; i++) {
      int expected = (TransferProtocol.MAGIC >>> (24 - 8 * i)) & 0xff;
      if ((b.getByte(b.readerIndex() + i) & 0xff) != expected) {
        return Boolean.FALSE;
      }
    }
    return n == 4 ? Boolean.TRUE : null;
  }

  private static ChannelBuffer append(ChannelBuffer head, ChannelBuffer more) {
    return head == null ? more : ChannelBuffers.wrappedBuffer(head, more);
  }

  private void startRelay(ChannelHandlerContext ctx, SocketAddress peer) {
    inboundContext = ctx;
    final Channel inbound = ctx.getChannel();
    InetSocketAddress to = receiver.get();
    if (to == null) {
      LOG.warn("Migration transfer from {} on the shuffle port {}: no image receiver runs in"
          + " this NodeManager (is the container_migration aux service configured?);"
          + " connection closed", peer, localPort(inbound));
      inbound.close();
      return;
    }
    inbound.setReadable(false);
    ClientBootstrap bootstrap = new ClientBootstrap(clients);
    bootstrap.setOption("tcpNoDelay", true);
    // the sender is paused while this much waits for the receiver (Netty's default, 64 KB,
    // paused it every few reads: half the throughput of the receiver's own port at 256 MB)
    bootstrap.setOption("writeBufferHighWaterMark", RELAY_HIGH_WATER_BYTES);
    bootstrap.setOption("writeBufferLowWaterMark", RELAY_HIGH_WATER_BYTES / 2);
    bootstrap.getPipeline().addLast("relay", new ReceiverSide());
    ChannelFuture connected = bootstrap.connect(to);
    outbound = connected.getChannel();
    connected.addListener(new ChannelFutureListener() {
      @Override
      public void operationComplete(ChannelFuture f) {
        if (!f.isSuccess()) {
          LOG.warn("Migration transfer from {} on the shuffle port {}: the image receiver at"
              + " {} cannot be reached ({}); connection closed", peer, localPort(inbound), to,
              String.valueOf(f.getCause()));
          inbound.close();
          return;
        }
        // the receiver logs the transfer as coming from the relay's end (loopback)
        LOG.info("Migration transfer from {} on the shuffle port {}: relayed to the image"
            + " receiver at {} from {}", peer, localPort(inbound), to,
            f.getChannel().getLocalAddress());
        synchronized (ShufflePortRelay.this) {
          // queued before anything read later is forwarded: the bytes keep their order
          if (pending != null) {
            f.getChannel().write(pending);
            pending = null;
          }
          flowing = true;
        }
        inbound.setReadable(true);
      }
    });
    RELAYED.incrementAndGet();
  }

  /** Sender to receiver. */
  private void forward(Channel inbound, ChannelBuffer in) {
    Channel out = outbound;
    pauseUntilWritten(out.write(in), out, inbound);
  }

  /**
   * Flow control: while the side written to holds more than its high water mark, the other
   * side is not read until that write is on the wire. Each pause is undone by its own
   * write's completion, never by a later event, so no pause can outlive its cause (a
   * write that fails closes both sides instead).
   */
  private static void pauseUntilWritten(ChannelFuture written, Channel to, final Channel from) {
    if (to.isWritable()) {
      return;
    }
    from.setReadable(false);
    written.addListener(new ChannelFutureListener() {
      @Override
      public void operationComplete(ChannelFuture f) {
        if (f.isSuccess()) {
          from.setReadable(true);
        } else {
          from.close();
        }
      }
    });
  }

  @Override
  public void channelClosed(ChannelHandlerContext ctx, ChannelStateEvent e) {
    Channel out = outbound;
    if (out != null) {
      closeOnceWritten(out);
    }
    ctx.sendUpstream(e);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, ExceptionEvent e) {
    boolean relayed;
    synchronized (this) {
      relayed = relaying;
    }
    if (!relayed) {
      ctx.sendUpstream(e); // the shuffle's errors stay the shuffle's
      return;
    }
    LOG.debug("Relayed migration transfer from {}: {}", ctx.getChannel().getRemoteAddress(),
        e.getCause().toString());
    ctx.getChannel().close();
  }

  /** Receiver to sender, written below the shuffle's handlers (no TLS, no HTTP). */
  private final class ReceiverSide extends SimpleChannelUpstreamHandler {

    @Override
    public void messageReceived(ChannelHandlerContext ctx, MessageEvent e) {
      ChannelHandlerContext in = inboundContext;
      ChannelFuture written = Channels.future(in.getChannel());
      Channels.write(in, written, e.getMessage());
      pauseUntilWritten(written, in.getChannel(), ctx.getChannel());
    }

    @Override
    public void channelClosed(ChannelHandlerContext ctx, ChannelStateEvent e) {
      ChannelHandlerContext in = inboundContext;
      if (in.getChannel().isConnected()) {
        ChannelFuture written = Channels.future(in.getChannel());
        Channels.write(in, written, ChannelBuffers.EMPTY_BUFFER);
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, ExceptionEvent e) {
      LOG.debug("Relay to the image receiver: {}", e.getCause().toString());
      ctx.getChannel().close();
    }
  }

  private static void closeOnceWritten(Channel ch) {
    if (ch.isConnected()) {
      ch.write(ChannelBuffers.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }

  private static Object localPort(Channel ch) {
    SocketAddress a = ch.getLocalAddress();
    return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getPort() : a;
  }

  /** Connections relayed by this JVM since it started (for tests and the log). */
  public static long relayedConnections() {
    return RELAYED.get();
  }
}
