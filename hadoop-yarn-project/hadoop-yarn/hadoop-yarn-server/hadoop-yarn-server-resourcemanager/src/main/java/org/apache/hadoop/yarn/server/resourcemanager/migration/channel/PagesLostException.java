/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;

/**
 * {@link NodeMigrationChannel#complete} of a post-copy migration: the source ended its tree,
 * but its memory pages did not all reach the target (the page stream broke, or the target
 * stopped pulling). The tree on the target lacks memory: the container is lost. Not retried.
 */
public final class PagesLostException extends ContainerMigrationException {

  private static final long serialVersionUID = 1L;

  public PagesLostException(MigrationFailure failure) {
    super(Reason.INTERNAL, failure, null);
  }

  /**
   * The PagesLostException a future failed with, behind its CompletionException or
   * ExecutionException wrappers, or null when it failed with something else.
   */
  public static PagesLostException in(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof PagesLostException ? (PagesLostException) t : null;
  }
}
