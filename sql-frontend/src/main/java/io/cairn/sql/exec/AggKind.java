package io.cairn.sql.exec;

/**
 * The aggregate functions the root aggregation runs. {@link #SUM0} is Calcite's SUM that gives 0
 * on no rows (its rewrites of COUNT produce it); {@link #SINGLE_VALUE} is a scalar subquery's
 * check that at most one row came back (error 1242 otherwise).
 */
public enum AggKind {
  COUNT,
  SUM,
  SUM0,
  AVG,
  MIN,
  MAX,
  SINGLE_VALUE,
  ANY_VALUE,
  /** A constant per group (Calcite's LITERAL_AGG, from subquery rewrites). */
  LITERAL
}
