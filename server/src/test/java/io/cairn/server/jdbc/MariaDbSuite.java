package io.cairn.server.jdbc;

/**
 * {@link JdbcClientSuite} through MariaDB Connector/J 3.5. The server announces no MariaDB
 * extended capabilities, so bulk statements fall back to pipelined single executions; the
 * driver has no cursor fetch and streams a result in {@code fetchSize} chunks instead.
 */
abstract class MariaDbSuite extends JdbcClientSuite {

  @Override
  protected String url(int port, String database, boolean tls, String extraOptions) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root&password="
        + "&sslMode=" + (tls ? "trust" : "disable")
        + "&useServerPrepStmts=" + serverPrepared() + extraOptions;
  }

  @Override
  protected String batchRewriteOption(boolean on) {
    return "&useBulkStmts=" + on;
  }

  @Override
  protected String chunkedFetchOptions() {
    return "";
  }
}
