/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.net.Socket;

/** Tests of other packages: a {@link PageStream.Remote} over a socket, without a session. */
public final class PageStreams {

  private PageStreams() {
  }

  /** The source's side of a page stream as the receiver hands it on (never relayed). */
  public static PageStream.Remote remote(Socket socket) {
    return new PageStream.Remote(socket, null);
  }
}
