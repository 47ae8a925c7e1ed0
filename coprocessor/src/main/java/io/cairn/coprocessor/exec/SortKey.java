package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.func.Comparator;
import java.util.List;

/**
 * An ORDER BY list: expressions with directions, compared with MySQL's comparison for each
 * expression's type (collation-aware for strings, sign-aware for integers). NULL sorts first in
 * ascending order and last in descending order, as in MySQL.
 */
public final class SortKey {

  /** One ORDER BY item. */
  public record Item(Expr expr, boolean desc) {}

  private final List<Item> items;
  private final Comparator[] comparators;

  public SortKey(List<Item> items) {
    this.items = List.copyOf(items);
    this.comparators = new Comparator[items.size()];
    for (int i = 0; i < items.size(); i++) {
      comparators[i] = Comparator.of(items.get(i).expr().type(), items.get(i).expr().type());
    }
  }

  public List<Item> items() {
    return items;
  }

  /** The sort key values of one row. */
  public Object[] evaluate(io.cairn.coprocessor.expr.Row row, EvalContext ctx) {
    Object[] k = new Object[items.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = items.get(i).expr().eval(row, ctx);
    }
    return k;
  }

  /** Compares two evaluated keys in ORDER BY order. */
  public int compare(Object[] a, Object[] b, EvalContext ctx) {
    for (int i = 0; i < comparators.length; i++) {
      Object x = a[i];
      Object y = b[i];
      int c;
      if (x == null || y == null) {
        c = x == null ? (y == null ? 0 : -1) : 1;
      } else {
        c = comparators[i].compare(x, y, ctx);
      }
      if (c != 0) {
        return items.get(i).desc() ? -c : c;
      }
    }
    return 0;
  }
}
