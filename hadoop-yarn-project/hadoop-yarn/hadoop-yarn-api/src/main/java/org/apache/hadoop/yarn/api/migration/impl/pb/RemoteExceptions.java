/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.impl.pb;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.ipc.RPCUtil;

import com.google.protobuf.ServiceException;

/**
 * Rethrows what a migration server threw, for every PB client translator of this project:
 * YARN's {@link RPCUtil} rebuilds the server's exception class on the client, and the
 * server's stack trace, which Hadoop RPC sends as the error text, is cut from the message
 * with {@link ContainerMigrationException#stripRemoteStackTrace(String)} because users
 * (the CLI, the REST layer) show {@code getMessage()}. The full remote text stays
 * reachable as {@code getCause().getCause()}.
 */
@Private
public final class RemoteExceptions {

  private RemoteExceptions() {
  }

  public static void unwrapAndThrowException(ServiceException se)
      throws org.apache.hadoop.yarn.exceptions.YarnException, IOException {
    Throwable cause = se.getCause();
    if (cause instanceof RemoteException) {
      RemoteException remote = (RemoteException) cause;
      String message = ContainerMigrationException.stripRemoteStackTrace(remote.getMessage());
      if (message != null && !message.equals(remote.getMessage())) {
        RemoteException trimmed = new RemoteException(remote.getClassName(), message);
        trimmed.initCause(remote);
        RPCUtil.unwrapAndThrowException(new ServiceException(trimmed));
        return;
      }
    }
    RPCUtil.unwrapAndThrowException(se);
  }
}
