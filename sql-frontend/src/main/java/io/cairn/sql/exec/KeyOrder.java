package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.func.Comparator;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * MySQL's order of rows by some key columns: each key compares with the evaluator's {@link
 * Comparator} for its type (collations included); NULL sorts first ascending and last descending.
 * Built per execution, since comparing may raise warnings into the statement's context.
 */
final class KeyOrder implements java.util.Comparator<Object[]> {
  private final int[] keys;
  private final boolean[] descending;
  private final Comparator[] cmps;
  private final EvalContext ctx;

  KeyOrder(int[] keys, boolean[] descending, List<FieldType> types, EvalContext ctx) {
    this.keys = keys;
    this.descending = descending;
    this.ctx = ctx;
    this.cmps = new Comparator[keys.length];
    for (int i = 0; i < keys.length; i++) {
      FieldType t = types.get(keys[i]);
      cmps[i] = Comparator.of(t, t);
    }
  }

  @Override
  public int compare(Object[] a, Object[] b) {
    for (int i = 0; i < keys.length; i++) {
      int c = compareKey(i, a[keys[i]], b[keys[i]]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Compares two values of key {@code i} in that key's direction. */
  int compareKey(int i, Object x, Object y) {
    int c;
    if (x == null || y == null) {
      c = x == null ? (y == null ? 0 : -1) : 1;
    } else {
      c = cmps[i].compare(x, y, ctx);
    }
    return descending[i] ? -c : c;
  }
}
