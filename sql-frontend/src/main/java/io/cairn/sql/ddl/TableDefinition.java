package io.cairn.sql.ddl;

import java.util.List;
import java.util.Objects;

/**
 * A CREATE TABLE statement's content.
 *
 * @param charset the table's character set, or null for the database's
 * @param collation the table's collation, or null for the charset's default
 * @param autoIncrementBase the table option {@code AUTO_INCREMENT = n}; 1 when not given
 * @param comment never null
 */
public record TableDefinition(
    String db,
    String name,
    List<ColumnDefinition> columns,
    List<IndexDefinition> indexes,
    String charset,
    String collation,
    String comment,
    long autoIncrementBase) {

  public TableDefinition {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(comment, "comment");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
  }

  public static TableDefinition of(String db, String name, List<ColumnDefinition> columns,
      List<IndexDefinition> indexes) {
    return new TableDefinition(db, name, columns, indexes, null, null, "", 1);
  }
}
