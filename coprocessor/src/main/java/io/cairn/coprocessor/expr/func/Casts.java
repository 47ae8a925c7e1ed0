package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.coprocessor.expr.value.Temporal;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Converts a value of one field type to another, as CAST and implicit result conversions do. */
public final class Casts {
  private Casts() {}

  /**
   * @param exprText how the converting expression is quoted in an out-of-range warning
   */
  public static Object convert(Object v, FieldType from, FieldType to, EvalContext ctx, String exprText) {
    if (v == null) {
      return null;
    }
    boolean unsigned = from.isUnsigned();
    return switch (to.evalType()) {
      case INT -> v instanceof Long l ? castLong(l, from, to, ctx) : Convert.toLong(v, unsigned, to.isUnsigned(), ctx);
      case REAL -> v instanceof Double ? v : Convert.toDouble(v, unsigned, ctx);
      case DECIMAL -> fitDecimal(Convert.toDecimal(v, unsigned, ctx), to, ctx, exprText);
      case STRING, JSON -> Convert.toStr(v, from);
      case DATETIME -> Temporal.toTime(v, unsigned, to.type(), to.fsp(), ctx);
      case DURATION -> Temporal.toDuration(v, unsigned, to.fsp(), ctx);
    };
  }

  private static Long castLong(long l, FieldType from, FieldType to, EvalContext ctx) {
    if (to.isUnsigned() && !from.isUnsigned() && l < 0 && !from.isNullType()) {
      ctx.note(1105, "Cast to unsigned converted negative integer to it's positive complement");
    }
    return l;
  }

  /**
   * Rounds a decimal half up to the type's scale and clamps it to the type's precision, with
   * warning 1264 when it does not fit (MySQL: CAST(1000 AS DECIMAL(4,2)) is 99.99).
   */
  public static BigDecimal fitDecimal(BigDecimal bd, FieldType to, EvalContext ctx, String exprText) {
    int scale = to.decimal();
    int precision = to.flen();
    if (scale < 0 || scale > FieldType.MAX_DECIMAL_SCALE || precision <= 0) {
      return bd;
    }
    BigDecimal r = bd.setScale(scale, RoundingMode.HALF_UP);
    if (r.precision() - r.scale() > precision - scale) {
      ctx.warn(1264, "Out of range value for column '" + exprText + "' at row 1");
      BigDecimal max = BigDecimal.TEN.pow(precision - scale).subtract(BigDecimal.ONE.movePointLeft(scale))
          .setScale(scale, RoundingMode.UNNECESSARY);
      return r.signum() < 0 ? max.negate() : max;
    }
    return r;
  }
}
