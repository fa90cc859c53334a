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
}
