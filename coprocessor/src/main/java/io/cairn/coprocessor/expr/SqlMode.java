package io.cairn.coprocessor.expr;

/** The {@code sql_mode} flags that change expression evaluation. */
public enum SqlMode {
  STRICT_TRANS_TABLES,
  STRICT_ALL_TABLES,
  ERROR_FOR_DIVISION_BY_ZERO,
  NO_ZERO_DATE,
  NO_ZERO_IN_DATE,
  ALLOW_INVALID_DATES
}
