/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;

/** Kind of an {@link ManifestEntry}, with its one-byte code on the wire. */
public enum EntryType {
  /** A regular file; its bytes follow the manifest. */
  FILE(1),
  /** A directory; created 0700 by the receiver. */
  DIR(2),
  /** A symbolic link; recreated as a link, never followed by the receiver. */
  SYMLINK(3),
  /** A FIFO (named pipe); made again by the receiver, empty (CRIU refills it). */
  FIFO(4);

  private final int code;

  EntryType(int code) {
    this.code = code;
  }

  /** @return the wire code */
  int code() {
    return code;
  }

  /**
   * @param code a wire code
   * @return its type
   * @throws IOException for an unknown code
   */
  static EntryType fromCode(int code) throws IOException {
    for (EntryType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IOException("unknown manifest entry type " + code);
  }
}
