package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.func.Comparator;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY with optional OFFSET/LIMIT (TopN), or a bare LIMIT when there are no keys. Keys compare
 * with the evaluator's {@link Comparator} for their type (collations included); NULL sorts first
 * ascending and last descending, as in MySQL. The sort is stable. Without keys the input streams
 * and stops after the limit; with keys it is materialized (a spilling sort replaces this when
 * memory quotas arrive).
 *
 * @param fetch the row limit, or -1 for none
 */
public record SortNode(ExecNode input, int[] keys, boolean[] descending, long offset, long fetch)
    implements ExecNode {
  @Override
  public List<FieldType> types() {
    return input.types();
  }

  @Override
  public Executor open(EvalContext ctx) {
    Executor in = input.open(ctx);
    List<FieldType> types = input.types();
    Comparator[] cmps = new Comparator[keys.length];
    for (int i = 0; i < keys.length; i++) {
      FieldType t = types.get(keys[i]);
      cmps[i] = Comparator.of(t, t);
    }
    return new Executor() {
      private Executor out;
      private long skipped;
      private long emitted;

      @Override
      public List<Object[]> next() {
        if (out == null) {
          if (keys.length == 0) {
            out = in;
          } else {
            List<Object[]> all = Rows.drain(in);
            all.sort((a, b) -> compare(a, b));
            out = new ListExecutor(all);
          }
        }
        while (fetch < 0 || emitted < fetch) {
          List<Object[]> batch = out.next();
          if (batch == null) {
            return null;
          }
          int from = 0;
          if (skipped < offset) {
            int skip = (int) Math.min(batch.size(), offset - skipped);
            skipped += skip;
            from = skip;
          }
          int to = batch.size();
          if (fetch >= 0) {
            to = (int) Math.min(to, from + (fetch - emitted));
          }
          if (to > from) {
            emitted += to - from;
            return new ArrayList<>(batch.subList(from, to));
          }
        }
        return null;
      }

      private int compare(Object[] a, Object[] b) {
        for (int i = 0; i < keys.length; i++) {
          Object x = a[keys[i]];
          Object y = b[keys[i]];
          int c;
          if (x == null || y == null) {
            c = x == null ? (y == null ? 0 : -1) : 1;
          } else {
            c = cmps[i].compare(x, y, ctx);
          }
          if (c != 0) {
            return descending[i] ? -c : c;
          }
        }
        return 0;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }
}
