package io.cairn.slt;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs scripts over JDBC (MySQL Connector/J) against a running MySQL-protocol server: Cairn's,
 * or MariaDB/MySQL to check that the runner is faithful. Uses the text protocol with
 * autocommit on, so values arrive as the server formats them.
 */
public final class JdbcHarness implements Harness {

  private final Connection connection;
  private int timeoutSeconds;

  public JdbcHarness(String jdbcUrl) throws SQLException {
    this.connection = DriverManager.getConnection(jdbcUrl);
    this.connection.setAutoCommit(true);
  }

  @Override
  public String engineName() {
    return "mysql";
  }

  @Override
  public void reset(String database) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS `" + database + "`");
      s.execute("CREATE DATABASE `" + database + "`");
    }
    connection.setCatalog(database);
  }

  @Override
  public void runStatement(String sql) throws SQLException {
    try (Statement s = newStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public List<String[]> runQuery(String sql) throws SQLException {
    try (Statement s = newStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<String[]> rows = new ArrayList<>();
      while (rs.next()) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getString(i + 1);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private Statement newStatement() throws SQLException {
    Statement s = connection.createStatement();
    if (timeoutSeconds > 0) {
      s.setQueryTimeout(timeoutSeconds);
    }
    return s;
  }

  @Override
  public void setStatementTimeoutSeconds(int seconds) {
    this.timeoutSeconds = seconds;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
