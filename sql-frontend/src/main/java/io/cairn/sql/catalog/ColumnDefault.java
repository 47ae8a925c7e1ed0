package io.cairn.sql.catalog;

/**
 * A column's DEFAULT clause. {@link None} is "no DEFAULT given" (an insert that omits a NOT
 * NULL column fails with 1364 in strict mode); {@link Literal} holds a value of the column's
 * Java value kind ({@link SqlType}), {@code null} for DEFAULT NULL; {@link CurrentTimestamp}
 * is {@code DEFAULT CURRENT_TIMESTAMP[(fsp)]} for DATETIME/TIMESTAMP columns.
 */
public sealed interface ColumnDefault {

  /** No DEFAULT clause. */
  record None() implements ColumnDefault {}

  /** A constant default; {@code value} is null for DEFAULT NULL. */
  record Literal(Object value) implements ColumnDefault {}

  /** DEFAULT CURRENT_TIMESTAMP: the statement's time at insert. */
  record CurrentTimestamp() implements ColumnDefault {}

  ColumnDefault NONE = new None();
  ColumnDefault NULL = new Literal(null);
  ColumnDefault CURRENT_TIMESTAMP = new CurrentTimestamp();

  static ColumnDefault of(Object value) {
    return new Literal(value);
  }
}
