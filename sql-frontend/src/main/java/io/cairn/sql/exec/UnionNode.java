package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.func.Casts;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * UNION [ALL] of inputs whose columns are converted to the merged column types ({@code types},
 * derived by the evaluator's type merging); UNION DISTINCT drops rows equal (per MySQL comparison
 * of the merged types) to one already produced.
 */
public record UnionNode(List<ExecNode> inputs, List<FieldType> types, boolean all) implements ExecNode {
  public UnionNode {
    inputs = List.copyOf(inputs);
    types = List.copyOf(types);
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    int[] allColumns = new int[types.size()];
    for (int i = 0; i < allColumns.length; i++) {
      allColumns[i] = i;
    }
    return new Executor() {
      private int current = -1;
      private Executor in;
      private final Set<Rows.Key> seen = new HashSet<>();
      private long held;

      @Override
      public List<Object[]> next() {
        while (true) {
          if (in == null) {
            if (++current >= inputs.size()) {
              return null;
            }
            in = inputs.get(current).open(ctx, memory);
          }
          List<Object[]> batch = in.next();
          if (batch == null) {
            in.close();
            in = null;
            continue;
          }
          List<FieldType> from = inputs.get(current).types();
          List<Object[]> out = new ArrayList<>(batch.size());
          for (Object[] r : batch) {
            Object[] o = new Object[r.length];
            for (int i = 0; i < r.length; i++) {
              FieldType f = from.get(i);
              FieldType t = types.get(i);
              o[i] = r[i] == null || sameRepresentation(f, t) ? r[i] : Casts.convert(r[i], f, t, ctx, "union");
            }
            if (all) {
              out.add(o);
            } else {
              Rows.Key k = Rows.key(o, allColumns, types);
              if (seen.add(k)) {
                // The DISTINCT set keeps the key of every row handed out.
                long bytes = MemoryTracker.rowBytes(k.values()) + 32;
                held += bytes;
                memory.consume(bytes);
                out.add(o);
              }
            }
          }
          if (!out.isEmpty()) {
            return out;
          }
        }
      }

      @Override
      public void close() {
        memory.release(held);
        held = 0;
        if (in != null) {
          in.close();
        }
      }
    };
  }

  private static boolean sameRepresentation(FieldType f, FieldType t) {
    return f.evalType() == t.evalType() && f.type() == t.type() && f.isUnsigned() == t.isUnsigned()
        && f.decimal() == t.decimal();
  }
}
