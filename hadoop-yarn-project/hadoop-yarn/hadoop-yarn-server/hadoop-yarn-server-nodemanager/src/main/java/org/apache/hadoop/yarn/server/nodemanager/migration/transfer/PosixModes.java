/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Conversions between permission bits (0777) and {@link PosixFilePermission} sets. */
final class PosixModes {

  /** Directories the receiver creates. */
  static final int DIR_MODE = 0700;
  /** Files the receiver creates, before the recorded bits are applied. */
  static final int FILE_MODE = 0600;
  /** The receiver keeps only the owner's bits of a recorded mode. */
  static final int OWNER_MASK = 0700;

  // Index i is the bit 1 << (8 - i): owner rwx, group rwx, others rwx.
  private static final PosixFilePermission[] ORDER = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE};

  private PosixModes() {
  }

  static int toBits(Set<PosixFilePermission> perms) {
    int bits = 0;
    for (int i = 0; i < ORDER.length; i++) {
      if (perms.contains(ORDER[i])) {
        bits |= 1 << (8 - i);
      }
    }
    return bits;
  }

  static Set<PosixFilePermission> fromBits(int bits) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < ORDER.length; i++) {
      if ((bits & (1 << (8 - i))) != 0) {
        perms.add(ORDER[i]);
      }
    }
    return perms;
  }

  /**
   * Mode a received file or directory ends with: its recorded permission bits (0777, no
   * setuid/setgid/sticky). The received tree is only reachable through the 0700
   * {@code <images.dir>/<migrationId>} directory, so group/other bits give nobody access
   * while the images are stored; they are kept because the restore copies the work dir
   * into the target container's work dir with {@code cp -a} and CRIU refuses to restore
   * a file (or cwd) whose mode differs from the dumped one ("has bad mode").
   */
  static int receivedFileMode(int recorded) {
    return recorded & 0777;
  }
}
