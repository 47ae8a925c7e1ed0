package io.cairn.coprocessor.expr.types;

/**
 * How strongly a string operand holds on to its collation when two operands meet (MySQL's
 * collation coercibility). A lower ordinal wins; two different collations at the same level are
 * an "Illegal mix of collations" (error 1267).
 */
public enum Coercibility {
  EXPLICIT,
  IMPLICIT,
  COERCIBLE,
  NUMERIC,
  IGNORABLE
}
