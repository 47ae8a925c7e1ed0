package io.cairn.sql.ddl;

/**
 * Where ALTER TABLE ADD COLUMN puts the column: last (the default), {@code FIRST}, or {@code
 * AFTER column}.
 *
 * @param after the column to follow; null with {@code first == false} means last
 */
public record ColumnPosition(boolean first, String after) {

  public static final ColumnPosition LAST = new ColumnPosition(false, null);
  public static final ColumnPosition FIRST = new ColumnPosition(true, null);

  public ColumnPosition {
    if (first && after != null) {
      throw new IllegalArgumentException("FIRST and AFTER exclude each other");
    }
  }

  public static ColumnPosition after(String column) {
    return new ColumnPosition(false, java.util.Objects.requireNonNull(column, "column"));
  }
}
