package io.cairn.server.jdbc;

/** MariaDB Connector/J with {@code useServerPrepStmts=true}. */
class MariaDbServerPreparedTest extends MariaDbSuite {
  @Override
  protected boolean serverPrepared() {
    return true;
  }
}
