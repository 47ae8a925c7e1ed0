package io.cairn.sql.session;

/**
 * One row of a {@link StatementResult.Rows}. Columns are numbered from 0 in the order of
 * {@link StatementResult.Rows#columns()}. A row is valid until the next row is read.
 *
 * <p>{@link #text} gives the MySQL text-protocol form of any non-null value: the SQL layer
 * formats it, since formatting (of doubles, decimals, dates) is part of MySQL value
 * semantics. The typed getters serve the binary protocol, and each may only be called for
 * the column types named.
 */
public interface ResultRow {

  boolean isNull(int column);

  /** The text-protocol bytes (utf8mb4 for character columns, raw for binary ones). */
  byte[] text(int column);

  /**
   * TINY, SHORT, INT24, LONG, LONGLONG, YEAR, BIT: the value; for UNSIGNED columns the
   * unsigned value's bits.
   */
  long getLong(int column);

  /** FLOAT and DOUBLE. */
  double getDouble(int column);

  /** DATE, DATETIME, TIMESTAMP, TIME. */
  Temporal getTemporal(int column);
}
