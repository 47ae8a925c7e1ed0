package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY with optional OFFSET/LIMIT (TopN), or a bare LIMIT when there are no keys, in
 * MySQL's order ({@link KeyOrder}). The sort is stable. Without keys the input streams
 * and stops after the limit; with keys it is materialized and accounted to the query's {@link
 * MemoryTracker}, batch by batch, so a sort too big for the quota fails with 8175 (no spilling
 * yet).
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
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    Executor in = input.open(ctx, memory);
    KeyOrder order = new KeyOrder(keys, descending, input.types(), ctx);
    return new Executor() {
      private long held;
      private Executor out;
      private long skipped;
      private long emitted;

      @Override
      public List<Object[]> next() {
        if (out == null) {
          if (keys.length == 0) {
            out = in;
          } else {
            List<Object[]> all = new ArrayList<>();
            for (List<Object[]> b = in.next(); b != null; b = in.next()) {
              long bytes = 0;
              for (Object[] r : b) {
                bytes += MemoryTracker.rowBytes(r);
              }
              held += bytes;
              memory.consume(bytes);
              all.addAll(b);
            }
            all.sort(order);
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

      @Override
      public void close() {
        memory.release(held);
        held = 0;
        in.close();
      }
    };
  }
}
