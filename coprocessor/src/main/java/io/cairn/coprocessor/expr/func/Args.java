package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.coprocessor.expr.value.Temporal;
import java.math.BigDecimal;

/** Evaluates an argument and converts it to the representation a function body works in. */
final class Args {
  private Args() {}

  static Double real(Expr e, Row row, EvalContext ctx) {
    Object v = e.eval(row, ctx);
    if (v == null || v instanceof Double) {
      return (Double) v;
    }
    return Convert.toDouble(v, e.type().isUnsigned(), ctx);
  }

  static BigDecimal decimal(Expr e, Row row, EvalContext ctx) {
    Object v = e.eval(row, ctx);
    if (v == null || v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    return Convert.toDecimal(v, e.type().isUnsigned(), ctx);
  }

  /** As a signed or unsigned 64-bit integer (read per the argument's type). */
  static Long integer(Expr e, Row row, EvalContext ctx) {
    Object v = e.eval(row, ctx);
    if (v == null || v instanceof Long) {
      return (Long) v;
    }
    return Convert.toLong(v, false, false, ctx);
  }

  static String str(Expr e, Row row, EvalContext ctx) {
    Object v = e.eval(row, ctx);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    return Convert.toStr(v, e.type());
  }

  static Boolean bool(Expr e, Row row, EvalContext ctx) {
    return Convert.toBool(e.eval(row, ctx), e.type().isUnsigned(), ctx);
  }

  static MysqlTime datetime(Expr e, Row row, EvalContext ctx) {
    Object v = e.eval(row, ctx);
    if (v == null || v instanceof MysqlTime) {
      return (MysqlTime) v;
    }
    return Temporal.toTime(v, e.type().isUnsigned(), MysqlType.DATETIME, 6, ctx);
  }

  static MysqlDuration duration(Expr e, Row row, EvalContext ctx) {
    Object v = e.eval(row, ctx);
    if (v == null || v instanceof MysqlDuration) {
      return (MysqlDuration) v;
    }
    return Temporal.toDuration(v, e.type().isUnsigned(), 6, ctx);
  }
}
