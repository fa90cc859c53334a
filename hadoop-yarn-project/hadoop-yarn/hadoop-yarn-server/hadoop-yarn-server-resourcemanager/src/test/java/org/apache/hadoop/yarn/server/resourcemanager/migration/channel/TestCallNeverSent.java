/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.net.ConnectTimeoutException;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Which failed calls to a NodeManager never reached it: only those whose connection was
 * never made. A restore container's start that failed otherwise may have landed, so the
 * rollback keeps the source frozen until that container is stopped.
 */
public class TestCallNeverSent {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  @Test
  public void givenConnectionFailures_whenAsked_thenNeverSent() {
    assertTrue(RpcNodeMigrationChannel.neverSent(new ConnectException("Connection refused")));
    assertTrue("wrapped", RpcNodeMigrationChannel.neverSent(new IOException("call failed",
        new ConnectException("Connection refused"))));
    assertTrue(RpcNodeMigrationChannel.neverSent(new NoRouteToHostException("no route")));
    assertTrue(RpcNodeMigrationChannel.neverSent(new ConnectTimeoutException("20000 millis")));
  }

  @Test
  public void givenFailuresAfterTheConnection_whenAsked_thenMayHaveLanded() {
    assertFalse("a read timeout: the request may be there",
        RpcNodeMigrationChannel.neverSent(new SocketTimeoutException("read timed out")));
    assertFalse(RpcNodeMigrationChannel.neverSent(new EOFException()));
    assertFalse(RpcNodeMigrationChannel.neverSent(new IOException("the NM said no")));
  }
}
