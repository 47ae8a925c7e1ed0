package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * The identity of a GROUP BY group: the group values normalised so that values MySQL's GROUP BY
 * treats as equal are {@code equals}: strings by their collation's sort key ('a' and 'A ' are one
 * group under utf8mb4_general_ci), decimals regardless of trailing zeros, temporal values by their
 * packed form, and -0.0 as 0.0. NULLs form one group. Immutable.
 */
public final class GroupKey {
  private final Object[] normalised;
  private final int hash;

  private GroupKey(Object[] normalised) {
    this.normalised = normalised;
    this.hash = Arrays.hashCode(normalised);
  }

  /** The key of {@code values}, whose types are {@code types}. */
  public static GroupKey of(Object[] values, List<FieldType> types) {
    Object[] n = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      n[i] = normalise(values[i], types.get(i));
    }
    return new GroupKey(n);
  }

  private static Object normalise(Object v, FieldType t) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return t.evalType() == EvalType.STRING ? t.collation().sortKey(s) : s;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (v instanceof Double d) {
      return d == 0.0 ? 0.0 : d;
    }
    if (v instanceof MysqlTime m) {
      return m.packed();
    }
    if (v instanceof MysqlDuration d) {
      return d.micros();
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupKey k && hash == k.hash && Arrays.equals(normalised, k.normalised);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
