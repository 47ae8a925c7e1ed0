package io.cairn.coprocessor.expr.types;

/**
 * MySQL column types, with the type code used on the wire ({@code enum_field_types}).
 *
 * <p>Only the types the evaluator produces or accepts are listed; {@link #NULL} is the type of a
 * bare NULL literal, which adopts the other operands' type wherever types are merged.
 */
public enum MysqlType {
  TINY(1, EvalType.INT),
  SHORT(2, EvalType.INT),
  INT24(9, EvalType.INT),
  LONG(3, EvalType.INT),
  LONGLONG(8, EvalType.INT),
  YEAR(13, EvalType.INT),
  FLOAT(4, EvalType.REAL),
  DOUBLE(5, EvalType.REAL),
  NEWDECIMAL(246, EvalType.DECIMAL),
  VARCHAR(15, EvalType.STRING),
  STRING(254, EvalType.STRING),
  BLOB(252, EvalType.STRING),
  JSON(245, EvalType.JSON),
  DATE(10, EvalType.DATETIME),
  DATETIME(12, EvalType.DATETIME),
  TIMESTAMP(7, EvalType.DATETIME),
  TIME(11, EvalType.DURATION),
  NULL(6, EvalType.STRING);

  private final int code;
  private final EvalType evalType;

  MysqlType(int code, EvalType evalType) {
    this.code = code;
    this.evalType = evalType;
  }

  /** The {@code MYSQL_TYPE_*} code of the client/server protocol. */
  public int code() {
    return code;
  }

  public EvalType evalType() {
    return evalType;
  }
}
