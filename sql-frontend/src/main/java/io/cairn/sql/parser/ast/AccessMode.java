package io.cairn.sql.parser.ast;

/** {@code READ ONLY} or {@code READ WRITE}. */
public enum AccessMode {
  READ_ONLY("READ ONLY"),
  READ_WRITE("READ WRITE");

  private final String sql;

  AccessMode(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }
}
