/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

/**
 * What the installed CRIU can do on this kernel, probed once by {@link Criu#check()}.
 */
public final class CriuFeatures {
  private final CriuVersion version;
  private final boolean uffd;
  private final boolean uffdNonCooperative;
  private final boolean memoryTracking;

  public CriuFeatures(CriuVersion version, boolean uffd, boolean uffdNonCooperative,
      boolean memoryTracking) {
    this.version = version;
    this.uffd = uffd;
    this.uffdNonCooperative = uffdNonCooperative;
    this.memoryTracking = memoryTracking;
  }

  public CriuVersion getVersion() {
    return version;
  }

  /** {@code criu check --feature uffd}. */
  public boolean hasUffd() {
    return uffd;
  }

  /** Post-copy (lazy-pages) restore works: {@code criu check --feature uffd-noncoop}. */
  public boolean supportsLazyPages() {
    return uffdNonCooperative;
  }

  /**
   * Iterative pre-copy ({@code pre-dump --track-mem}) works: soft-dirty tracking,
   * {@code criu check --feature mem_dirty_track}. Off on kernels without
   * CONFIG_MEM_SOFT_DIRTY.
   */
  public boolean supportsPreDump() {
    return memoryTracking;
  }

  @Override
  public String toString() {
    return "CriuFeatures{version=" + version + ", uffd=" + uffd + ", lazyPages="
        + uffdNonCooperative + ", preDump=" + memoryTracking + "}";
  }
}
