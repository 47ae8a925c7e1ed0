package io.cairn.server.jdbc;

/** {@link JdbcClientSuite} through MySQL Connector/J. */
abstract class ConnectorJSuite extends JdbcClientSuite {

  @Override
  protected String url(int port, String database, boolean tls, String extraOptions) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?user=root&password="
        + "&sslMode=" + (tls ? "REQUIRED" : "DISABLED")
        + "&useServerPrepStmts=" + serverPrepared() + extraOptions;
  }

  @Override
  protected String batchRewriteOption(boolean on) {
    return "&rewriteBatchedStatements=" + on;
  }

  @Override
  protected String chunkedFetchOptions() {
    return "&useCursorFetch=true";
  }
}
