package io.cairn.sql.parser.ast;

/** A transaction isolation level as written in {@code SET TRANSACTION ISOLATION LEVEL}. */
public enum IsolationLevel {
  READ_UNCOMMITTED("READ UNCOMMITTED"),
  READ_COMMITTED("READ COMMITTED"),
  REPEATABLE_READ("REPEATABLE READ"),
  SERIALIZABLE("SERIALIZABLE");

  private final String sql;

  IsolationLevel(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }
}
