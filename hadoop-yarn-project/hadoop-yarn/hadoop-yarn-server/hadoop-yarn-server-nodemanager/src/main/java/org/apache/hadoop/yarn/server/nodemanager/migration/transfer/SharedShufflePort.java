/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where this NodeManager's transfers come in when MapReduce's shuffle shares its port with
 * them: the static seam between the NM's two aux services (both run in the NM's JVM).
 * <ul>
 *   <li>The migration service ({@code MigrationAuxService}) says where its image receiver
 *       listens ({@link #receiverStarted}); the shuffle's {@link ShufflePortRelay} hands
 *       each transfer arriving on the shuffle's port to it.</li>
 *   <li>The shuffle ({@code org.apache.hadoop.mapred.MigratingShuffleHandler}) says which
 *       port it serves transfers on ({@link #shuffleStarted}); the migration agent
 *       registers that port with the RM as this node's transfer address, so that sources
 *       send images, probes, give-ups and output pulls there.</li>
 * </ul>
 * Either side may start first; each forgets only what it set itself.
 */
public final class SharedShufflePort {

  private static volatile InetSocketAddress receiver;
  private static volatile int shufflePort = -1;

  private SharedShufflePort() {
  }

  /** The image receiver of this NM listens at {@code bound} (its bound address). */
  public static void receiverStarted(InetSocketAddress bound) {
    receiver = bound;
  }

  /** The image receiver that listened at {@code bound} stopped. */
  public static void receiverStopped(InetSocketAddress bound) {
    if (bound != null && bound.equals(receiver)) {
      receiver = null;
    }
  }

  /**
   * @return where a relayed transfer connects to: the receiver's bound address, loopback
   *     for a wildcard bind; null while no receiver runs in this NM
   */
  public static InetSocketAddress receiver() {
    InetSocketAddress r = receiver;
    if (r == null) {
      return null;
    }
    if (r.getAddress() == null || r.getAddress().isAnyLocalAddress()) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), r.getPort());
    }
    return r;
  }

  /** The shuffle serves transfers on {@code port} from now on. */
  public static void shuffleStarted(int port) {
    shufflePort = port;
  }

  /** The shuffle that served transfers on {@code port} stopped. */
  public static void shuffleStopped(int port) {
    if (shufflePort == port) {
      shufflePort = -1;
    }
  }

  /** @return the port the shuffle serves transfers on, or -1 (transfers use their own) */
  public static int shufflePort() {
    return shufflePort;
  }
}
