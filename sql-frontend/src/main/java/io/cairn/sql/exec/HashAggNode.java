package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * Hash aggregation at the root: groups by the {@link Rows#hashKey}s of the group columns (so
 * 'a' and 'A' share a group under a case-insensitive collation, as in MySQL; the group shows its
 * first row's values), in first-seen order. Without group columns it produces exactly one row,
 * also on empty input. The accumulators are {@link Accumulator}s. Each group is accounted to the
 * query's {@link MemoryTracker} when it is created (its first row, its key, its accumulators).
 *
 * <p>The grouping is {@link GroupingExecutor}, shared with {@link MergeAggNode}, which finishes
 * pushed-down aggregates with the coprocessor's merge functions; the accumulators here stay the
 * root's own, as they also serve DISTINCT, SUM0, the single-value check and window frames.
 */
public record HashAggNode(ExecNode input, int[] groupKeys, List<AggCall> calls) implements ExecNode {
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
    List<FieldType> inTypes = input.types();
    return new GroupingExecutor(input.open(ctx, memory), groupKeys, inTypes, memory, calls.size(), 2) {
      @Override
      protected Group newGroup(Object[] first) {
        Accumulator[] accs = new Accumulator[calls.size()];
        for (int i = 0; i < accs.length; i++) {
          accs[i] = new Accumulator(calls.get(i), inTypes, ctx);
        }
        return new Group() {
          @Override
          public void add(Object[] r) {
            for (Accumulator a : accs) {
              a.add(r);
            }
          }

          @Override
          public Object[] result() {
            Object[] o = new Object[groupKeys.length + accs.length];
            for (int i = 0; i < groupKeys.length; i++) {
              o[i] = first[groupKeys[i]];
            }
            for (int i = 0; i < accs.length; i++) {
              o[groupKeys.length + i] = accs[i].result();
            }
            return o;
          }
        };
      }
    };
  }
}
