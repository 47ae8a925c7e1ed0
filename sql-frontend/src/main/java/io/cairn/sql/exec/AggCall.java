package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * One aggregate call: its function, argument columns (none for COUNT(*)), DISTINCT, and result
 * type. {@link #resultType} gives MySQL's result types: COUNT is BIGINT; SUM of an exact value is
 * DECIMAL(precision + 22, scale), AVG of one DECIMAL(precision + 4, scale + 4), both DOUBLE for
 * floating-point, string and temporal arguments; MIN, MAX and the single-value checks keep the
 * argument's type. {@code literal} is the value of a {@link AggKind#LITERAL}, else null.
 */
public record AggCall(AggKind kind, int[] args, boolean distinct, FieldType type, Object literal) {

  public AggCall(AggKind kind, int[] args, boolean distinct, FieldType type) {
    this(kind, args, distinct, type, null);
  }

  public static FieldType resultType(AggKind kind, List<FieldType> argTypes) {
    if (kind == AggKind.COUNT) {
      return FieldType.bigint().withFlags(FieldType.NOT_NULL_FLAG);
    }
    FieldType a = argTypes.get(0);
    boolean exact = a.evalType() == EvalType.INT || a.evalType() == EvalType.DECIMAL;
    return switch (kind) {
      case SUM, SUM0 -> exact
          ? FieldType.decimal(Math.min(FieldType.MAX_DECIMAL_PRECISION, Math.max(1, a.flen()) + 22), Math.max(0, a.decimal()))
          : FieldType.doubleType();
      case AVG -> exact
          ? FieldType.decimal(Math.min(FieldType.MAX_DECIMAL_PRECISION, Math.max(1, a.flen()) + 4),
              Math.min(FieldType.MAX_DECIMAL_SCALE, Math.max(0, a.decimal()) + 4))
          : FieldType.doubleType();
      default -> a.withFlags(a.flags() & ~FieldType.NOT_NULL_FLAG);
    };
  }
}
