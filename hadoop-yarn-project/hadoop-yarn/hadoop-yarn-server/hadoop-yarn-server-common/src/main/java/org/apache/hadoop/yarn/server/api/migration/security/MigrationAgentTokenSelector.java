/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.security;

import java.util.Collection;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.TokenSelector;

/**
 * Picks the caller's migration token for a migration server protocol. The caller's UGI is
 * made for one server and holds one such token, so the service is not compared (an RM
 * reaches an agent by the host name the NM registered, which need not be the token's).
 */
public class MigrationAgentTokenSelector implements TokenSelector<MigrationAgentTokenIdentifier> {

  @SuppressWarnings("unchecked")
  @Override
  public Token<MigrationAgentTokenIdentifier> selectToken(Text service,
      Collection<Token<? extends TokenIdentifier>> tokens) {
    for (Token<? extends TokenIdentifier> t : tokens) {
      if (MigrationAgentTokenIdentifier.KIND.equals(t.getKind())) {
        return (Token<MigrationAgentTokenIdentifier>) t;
      }
    }
    return null;
  }
}
