package io.cairn.sql.catalog;

import java.util.Objects;

/**
 * One column of a table. {@code id} is unique within the table and never reused, so a row
 * stores values by column id and adding or dropping a column never rewrites rows; {@code
 * offset} is the column's position in the table's visible column list.
 *
 * @param collation the collation of a character column; null for other kinds
 * @param comment never null ("" for none)
 */
public record ColumnInfo(
    long id,
    String name,
    int offset,
    SqlType type,
    boolean nullable,
    ColumnDefault defaultValue,
    boolean autoIncrement,
    boolean onUpdateCurrentTimestamp,
    String collation,
    String comment,
    SchemaState state) {

  public ColumnInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(state, "state");
    if (id <= 0) {
      throw new IllegalArgumentException("column id must be positive: " + id);
    }
  }

  /** True when the name matches, ignoring case as MySQL does for column names. */
  public boolean hasName(String other) {
    return name.equalsIgnoreCase(other);
  }

  public ColumnInfo withOffset(int newOffset) {
    return new ColumnInfo(id, name, newOffset, type, nullable, defaultValue, autoIncrement,
        onUpdateCurrentTimestamp, collation, comment, state);
  }

  public ColumnInfo withState(SchemaState newState) {
    return new ColumnInfo(id, name, offset, type, nullable, defaultValue, autoIncrement,
        onUpdateCurrentTimestamp, collation, comment, newState);
  }

  public ColumnInfo withNullable(boolean newNullable) {
    return new ColumnInfo(id, name, offset, type, newNullable, defaultValue, autoIncrement,
        onUpdateCurrentTimestamp, collation, comment, state);
  }
}
