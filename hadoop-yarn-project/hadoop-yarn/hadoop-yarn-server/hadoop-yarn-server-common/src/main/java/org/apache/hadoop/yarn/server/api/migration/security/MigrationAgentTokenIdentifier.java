/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.security;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.TokenIdentifier;

/**
 * Who calls a migration server protocol: the ResourceManager (to a NodeManager's agent,
 * {@code NodeMigrationAgentProtocol}) or the NodeManager of one node (to the RM's tracker,
 * {@code MigrationAgentTrackerProtocol}). The token's password is derived from YARN's
 * NM-token master key with this id ({@link MigrationAgentKeys}): only the RM and the
 * NodeManagers it registered hold it; Hadoop RPC's SASL (DIGEST-MD5) proves it before any
 * call is read, and the call sees this identifier in its remote user.
 */
public class MigrationAgentTokenIdentifier extends TokenIdentifier {

  public static final Text KIND = new Text("YARN_MIGRATION_AGENT");

  /** Who holds the token. */
  public enum Role {
    /** The ResourceManager, calling the agent of {@link #getNodeId()}. */
    RESOURCE_MANAGER,
    /** The NodeManager of {@link #getNodeId()}, calling the RM. */
    NODE_MANAGER
  }

  private Role role;
  private String nodeId;
  private int keyId;
  private long issueTime;

  public MigrationAgentTokenIdentifier() {
  }

  public MigrationAgentTokenIdentifier(Role role, String nodeId, int keyId, long issueTime) {
    this.role = role;
    this.nodeId = nodeId;
    this.keyId = keyId;
    this.issueTime = issueTime;
  }

  public Role getRole() {
    return role;
  }

  /** host:port of the NodeManager: the one called (RM role) or the one calling. */
  public String getNodeId() {
    return nodeId;
  }

  /** The id of the NM-token master key the password is derived from. */
  public int getKeyId() {
    return keyId;
  }

  public long getIssueTime() {
    return issueTime;
  }

  @Override
  public Text getKind() {
    return KIND;
  }

  @Override
  public UserGroupInformation getUser() {
    return UserGroupInformation.createRemoteUser(role == Role.RESOURCE_MANAGER
        ? "yarn-migration-rm" : "yarn-migration-nm@" + nodeId);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeEnum(out, role);
    Text.writeString(out, nodeId);
    out.writeInt(keyId);
    out.writeLong(issueTime);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    try {
      role = WritableUtils.readEnum(in, Role.class);
    } catch (IllegalArgumentException e) {
      // a caller's bytes: an unknown role is a bad token, not a server error
      throw new IOException("not a migration token: " + e.getMessage(), e);
    }
    nodeId = Text.readString(in, 1024);
    keyId = in.readInt();
    issueTime = in.readLong();
  }

  @Override
  public String toString() {
    return role + " token for " + nodeId + " (key " + keyId + ")";
  }
}
