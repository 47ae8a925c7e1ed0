package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers shared by the executors: truth of a condition, hash keys, draining a child. */
public final class Rows {
  private Rows() {}

  /** Whether a condition holds (MySQL: non-zero and not NULL). */
  public static boolean isTrue(Expr condition, Row row, EvalContext ctx) {
    Object v = condition.eval(row, ctx);
    return Boolean.TRUE.equals(Convert.toBool(v, condition.type().isUnsigned(), ctx));
  }

  /**
   * A value normalized so that values MySQL compares as equal under {@code type} (same type on
   * both sides) have equal keys: strings by collation sort key (case and trailing spaces folded
   * as the collation says), decimals without trailing zeros, -0.0 as 0.0. NULL stays null.
   */
  public static Object hashKey(Object v, FieldType type) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s && type.evalType() == EvalType.STRING) {
      Collation c = type.collation();
      return c.sortKey(s);
    }
    if (v instanceof BigDecimal bd) {
      return bd.signum() == 0 ? BigDecimal.ZERO : bd.stripTrailingZeros();
    }
    if (v instanceof Double d && d == 0) {
      return 0.0d;
    }
    return v;
  }

  /** A hashable key over some columns of a row; {@code hasNull} tells whether any was NULL. */
  public record Key(Object[] values, boolean hasNull) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }

  public static Key key(Object[] row, int[] columns, List<FieldType> types) {
    Object[] k = new Object[columns.length];
    boolean hasNull = false;
    for (int i = 0; i < columns.length; i++) {
      k[i] = hashKey(row[columns[i]], types.get(columns[i]));
      hasNull |= k[i] == null;
    }
    return new Key(k, hasNull);
  }

  public static List<Object[]> drain(Executor e) {
    List<Object[]> all = new ArrayList<>();
    for (List<Object[]> b = e.next(); b != null; b = e.next()) {
      all.addAll(b);
    }
    return all;
  }

  public static Row row(Object[] values) {
    return Row.of(values);
  }

  public static Object[] concat(Object[] a, Object[] b) {
    Object[] r = new Object[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
