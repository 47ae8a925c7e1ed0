package io.cairn.server.jdbc;

/** MariaDB Connector/J with {@code useServerPrepStmts=false}. */
class MariaDbTextTest extends MariaDbSuite {
  @Override
  protected boolean serverPrepared() {
    return false;
  }
}
