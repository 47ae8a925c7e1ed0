package io.cairn.sql.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A secondary index, or a primary key that is not the row handle (stored as a unique index
 * named {@code PRIMARY}). {@code id} is unique within the table and never reused.
 *
 * @param comment never null ("" for none)
 */
public record IndexInfo(
    long id,
    String name,
    List<IndexColumn> columns,
    boolean unique,
    boolean primary,
    String comment,
    SchemaState state) {

  public static final String PRIMARY_NAME = "PRIMARY";

  public IndexInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(state, "state");
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("index " + name + " has no columns");
    }
    if (primary && !unique) {
      throw new IllegalArgumentException("a primary key is unique");
    }
    if (id <= 0) {
      throw new IllegalArgumentException("index id must be positive: " + id);
    }
  }

  public boolean hasName(String other) {
    return name.equalsIgnoreCase(other);
  }

  /** Only a PUBLIC index may be read by queries: it holds an entry for every row. */
  public boolean isReadable() {
    return state.isReadable();
  }

  public IndexInfo withState(SchemaState newState) {
    return new IndexInfo(id, name, columns, unique, primary, comment, newState);
  }

  /** True if the index covers the column named {@code column}. */
  public boolean covers(String column) {
    return columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column));
  }
}
