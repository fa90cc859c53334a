/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.security;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.security.PrivilegedExceptionAction;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.SecretManager;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier.Role;

/**
 * Checks, for a migration server's RPC server, the tokens of the one role that may call it
 * ({@link MigrationAgentTokenIdentifier}); makes them for the other side.
 *
 * <p>A token's password is HMAC-SHA256 over its identifier, keyed by
 * HMAC-SHA256(base key of its master key, {@code "yarn-migration-agent-token/<role>"})
 * ({@link MigrationAgentKeys}). A server with this secret manager accepts TOKEN
 * authentication besides its configured one (SIMPLE or KERBEROS); each protected call
 * asks {@link #callerToken} whether the caller proved such a token.
 */
public class MigrationAgentSecretManager extends SecretManager<MigrationAgentTokenIdentifier> {

  private final MigrationAgentKeys keys;
  private final Role accepted;
  private final Supplier<String> ownNodeId;

  /**
   * @param accepted the role whose tokens this server takes
   * @param ownNodeId on a NodeManager: its node id (a token must name it); null on the RM
   */
  public MigrationAgentSecretManager(MigrationAgentKeys keys, Role accepted,
      Supplier<String> ownNodeId) {
    this.keys = keys;
    this.accepted = accepted;
    this.ownNodeId = ownNodeId;
  }

  static byte[] password(byte[] baseKey, MigrationAgentTokenIdentifier id) {
    return MigrationAgentKeys.hmac(
        MigrationAgentKeys.derive(baseKey, "yarn-migration-agent-token/" + id.getRole()),
        id.getBytes());
  }

  @Override
  protected byte[] createPassword(MigrationAgentTokenIdentifier id) {
    byte[] base = keys.baseKey(id.getKeyId(), id.getNodeId());
    if (base == null) {
      throw new IllegalStateException("NM-token master key " + id.getKeyId()
          + " is not held here");
    }
    return password(base, id);
  }

  @Override
  public byte[] retrievePassword(MigrationAgentTokenIdentifier id) throws InvalidToken {
    if (id.getRole() != accepted) {
      throw new InvalidToken("a " + id.getRole() + " token does not open this server (it"
          + " takes " + accepted + " tokens)");
    }
    String own = ownNodeId == null ? null : ownNodeId.get();
    if (own != null && !own.equals(id.getNodeId())) {
      throw new InvalidToken("the token is for node " + id.getNodeId() + ", this is " + own);
    }
    byte[] base;
    try {
      base = keys.baseKey(id.getKeyId(), id.getNodeId());
    } catch (IllegalArgumentException e) {
      throw new InvalidToken("the token names no node: " + id.getNodeId());
    }
    if (base == null) {
      throw new InvalidToken("NM-token master key " + id.getKeyId() + " is not held here"
          + " (rolled long ago, or never issued by this cluster's ResourceManager)");
    }
    return password(base, id);
  }

  @Override
  public MigrationAgentTokenIdentifier createIdentifier() {
    return new MigrationAgentTokenIdentifier();
  }

  /**
   * A token of {@code role} for {@code nodeId}, signed with the current master key, for
   * the server at {@code server}.
   *
   * @throws IllegalStateException while this side holds no master key yet
   */
  public static Token<MigrationAgentTokenIdentifier> token(MigrationAgentKeys keys, Role role,
      String nodeId, InetSocketAddress server) {
    int keyId = keys.currentKeyId();
    byte[] base = keyId == -1 ? null : keys.baseKey(keyId, nodeId);
    if (base == null) {
      throw new IllegalStateException("no NM-token master key yet (this NodeManager has not"
          + " registered with the ResourceManager)");
    }
    MigrationAgentTokenIdentifier id = new MigrationAgentTokenIdentifier(role, nodeId, keyId,
        System.currentTimeMillis());
    Token<MigrationAgentTokenIdentifier> t = new Token<>(id.getBytes(), password(base, id),
        MigrationAgentTokenIdentifier.KIND, SecurityUtil.buildTokenService(server));
    return t;
  }

  /**
   * A proxy of {@code protocol} at {@code server} whose calls prove a migration token of
   * {@code role} for {@code nodeId} (its user is the token's, see
   * {@link MigrationAgentTokenIdentifier#getUser}).
   *
   * @throws IllegalStateException while this side holds no master key yet
   */
  public static <T> T proxy(MigrationAgentKeys keys, Role role, String nodeId,
      Class<T> protocol, InetSocketAddress server, Configuration conf) throws IOException {
    Token<MigrationAgentTokenIdentifier> token = token(keys, role, nodeId, server);
    UserGroupInformation ugi = token.decodeIdentifier().getUser();
    ugi.addToken(token);
    try {
      return ugi.doAs((PrivilegedExceptionAction<T>) () -> protocol.cast(
          YarnRPC.create(conf).getProxy(protocol, server, conf)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted making the " + protocol.getSimpleName()
          + " proxy to " + server);
    }
  }

  /**
   * The migration token the current RPC call's caller proved (SASL, TOKEN), or null: not an
   * RPC call (an in-process call), or a caller that proved none.
   */
  public static MigrationAgentTokenIdentifier callerToken() {
    UserGroupInformation remote = Server.getRemoteUser();
    if (remote == null
        || remote.getAuthenticationMethod() != UserGroupInformation.AuthenticationMethod.TOKEN) {
      return null;
    }
    for (TokenIdentifier t : remote.getTokenIdentifiers()) {
      if (t instanceof MigrationAgentTokenIdentifier) {
        return (MigrationAgentTokenIdentifier) t;
      }
    }
    return null;
  }

  /** Whether the current thread serves an RPC call (else: an in-process call). */
  public static boolean inRpcCall() {
    return Server.getRemoteUser() != null;
  }
}
