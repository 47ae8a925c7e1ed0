package io.cairn.sql.ddl;

import io.cairn.sql.catalog.IndexColumn;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An index as CREATE TABLE, CREATE INDEX or ALTER TABLE ADD INDEX declares it.
 *
 * @param name the index name, or null to derive one from the first column (as MySQL does);
 *     ignored for a primary key, which is always {@code PRIMARY}
 * @param comment never null
 */
public record IndexDefinition(
    String name, List<IndexColumn> columns, boolean unique, boolean primary, String comment) {

  public IndexDefinition {
    Objects.requireNonNull(comment, "comment");
    columns = List.copyOf(columns);
  }

  public static IndexDefinition index(String name, String... columns) {
    return new IndexDefinition(name, cols(columns), false, false, "");
  }

  public static IndexDefinition uniqueIndex(String name, String... columns) {
    return new IndexDefinition(name, cols(columns), true, false, "");
  }

  public static IndexDefinition primaryKey(String... columns) {
    return new IndexDefinition(null, cols(columns), true, true, "");
  }

  private static List<IndexColumn> cols(String... columns) {
    return Arrays.stream(columns).map(IndexColumn::of).toList();
  }
}
