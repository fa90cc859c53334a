/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;

/**
 * A migration request refused before anything moved, written the one way the RM's protocol
 * server, its REST filter and its drain write it: {@code Migration of <container>[ (now
 * <current>)][ to node <target>] rejected: <cause>. <advice>.} The container and the target
 * are named once, here; the cause says what is wrong, the advice what to do. The twin of
 * {@link MigrationFailure} (a step that failed once the migration ran).
 */
public final class MigrationRejection {

  private MigrationRejection() {
  }

  /**
   * @param reason the exception's reason (the HTTP status and the client's exit code follow
   *     it)
   * @param requested the container as the caller named it (a ContainerId or the raw text;
   *     null: not named)
   * @param current the container its migration chain runs in now, named after
   *     {@code requested} when it is another one (null: the same)
   * @param target the target node (null: not named)
   * @param cause what is wrong, without a final period
   * @param advice what to do, without a final period
   */
  public static ContainerMigrationException of(Reason reason, Object requested,
      Object current, Object target, String cause, String advice) {
    StringBuilder text = new StringBuilder("Migration");
    if (requested != null) {
      text.append(" of ").append(requested);
      if (current != null && !String.valueOf(current).equals(String.valueOf(requested))) {
        text.append(" (now ").append(current).append(')');
      }
    }
    if (target != null) {
      text.append(" to node ").append(target);
    }
    text.append(" rejected: ").append(cause).append(". ").append(advice).append('.');
    return new ContainerMigrationException(reason, text.toString());
  }

  /** An invalid request for {@code container}: {@link Reason#INVALID_REQUEST}. */
  public static ContainerMigrationException invalid(Object container, String cause,
      String advice) {
    return of(Reason.INVALID_REQUEST, container, null, null, cause, advice);
  }
}
