package io.cairn.server.jdbc;

/** Connector/J with {@code useServerPrepStmts=true}. */
class ConnectorJServerPreparedTest extends ConnectorJSuite {
  @Override
  protected boolean serverPrepared() {
    return true;
  }
}
