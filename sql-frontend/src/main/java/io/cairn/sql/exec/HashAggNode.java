package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash aggregation at the root: groups by the {@link Rows#hashKey}s of the group columns (so
 * 'a' and 'A' share a group under a case-insensitive collation, as in MySQL; the group shows its
 * first row's values), in first-seen order. Without group columns it produces exactly one row,
 * also on empty input. The accumulators are {@link Accumulator}s. Each group is accounted to the
 * query's {@link MemoryTracker} when it is created (its first row, its key, its accumulators).
 *
 * <p>When the coprocessor's partial/final merge functions land (io.cairn.coprocessor.exec), the
 * accumulators here should be replaced by them so that pushed-down partial aggregates and this
 * root aggregation share one implementation.
 */
public record HashAggNode(ExecNode input, int[] groupKeys, List<AggCall> calls) implements ExecNode {
  /** Bytes per map entry and per accumulator, beyond the row values. */
  private static final long GROUP_OVERHEAD = 64;

  public HashAggNode {
    calls = List.copyOf(calls);
  }

  @Override
  public List<FieldType> types() {
    List<FieldType> out = new ArrayList<>();
    List<FieldType> in = input.types();
    for (int k : groupKeys) {
      out.add(in.get(k));
    }
    for (AggCall c : calls) {
      out.add(c.type());
    }
    return out;
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    Executor in = input.open(ctx, memory);
    List<FieldType> inTypes = input.types();
    return new Executor() {
      private boolean done;
      private long held;

      @Override
      public List<Object[]> next() {
        if (done) {
          return null;
        }
        done = true;
        Map<Rows.Key, Group> groups = new LinkedHashMap<>();
        for (List<Object[]> b = in.next(); b != null; b = in.next()) {
          for (Object[] r : b) {
            Rows.Key k = Rows.key(r, groupKeys, inTypes);
            Group g = groups.get(k);
            if (g == null) {
              g = new Group(r);
              groups.put(k, g);
              long bytes = 2 * MemoryTracker.rowBytes(r) + GROUP_OVERHEAD * (1 + calls.size());
              held += bytes;
              memory.consume(bytes);
            }
            g.add(r);
          }
        }
        if (groups.isEmpty() && groupKeys.length == 0) {
          groups.put(new Rows.Key(new Object[0], false), new Group(null));
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
          out.add(g.result());
        }
        return out.isEmpty() ? null : out;
      }

      final class Group {
        final Object[] first;
        final Accumulator[] accs = new Accumulator[calls.size()];

        Group(Object[] first) {
          this.first = first;
          for (int i = 0; i < accs.length; i++) {
            accs[i] = new Accumulator(calls.get(i), inTypes, ctx);
          }
        }

        void add(Object[] r) {
          for (Accumulator a : accs) {
            a.add(r);
          }
        }

        Object[] result() {
          Object[] o = new Object[groupKeys.length + accs.length];
          for (int i = 0; i < groupKeys.length; i++) {
            o[i] = first[groupKeys[i]];
          }
          for (int i = 0; i < accs.length; i++) {
            o[groupKeys.length + i] = accs[i].result();
          }
          return o;
        }
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
