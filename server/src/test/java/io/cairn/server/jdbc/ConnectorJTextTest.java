package io.cairn.server.jdbc;

/** Connector/J with {@code useServerPrepStmts=false}. */
class ConnectorJTextTest extends ConnectorJSuite {
  @Override
  protected boolean serverPrepared() {
    return false;
  }
}
