package io.cairn.sql.exec;

import io.cairn.coprocessor.exec.AggFunction;
import io.cairn.coprocessor.exec.AggFunctions;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import java.math.BigDecimal;
import java.util.List;

/**
 * The final phase of a pushed-down aggregation: merges the partial rows the storage nodes sent
 * (one per group per region page) with the coprocessor's merge functions ({@link
 * AggFunctions#merge}), so a COUNT adds counts, an AVG divides the summed sums by the summed
 * counts, a MIN takes the least of minimums. Input rows are the partial columns of each function
 * in order (two, sum then count, for AVG), then the group-by values; output rows are the group
 * values, then one final value per function, as the root's {@link HashAggNode} would give them.
 * It groups as that node does ({@link GroupingExecutor}): without group columns there is exactly
 * one output row, also when no partial row arrived.
 *
 * @param groupCount how many group-by columns follow the partial columns
 * @param types the output types: the group values', then the functions' final types
 */
public record MergeAggNode(ExecNode input, int groupCount, List<Merge> merges, List<FieldType> types)
    implements ExecNode {

  /**
   * One function's merge.
   *
   * @param column the first of its partial columns in the input
   * @param zeroIfEmpty Calcite's SUM0: a sum over no values is 0, not NULL
   */
  public record Merge(AggFunction function, int column, boolean zeroIfEmpty) {}

  public MergeAggNode {
    merges = List.copyOf(merges);
    types = List.copyOf(types);
  }

  /** The merge of {@code kind}'s partial columns at {@code column}, of types {@code partialTypes}. */
  public static Merge merge(AggFunctions aggs, AggFunctions.Kind kind, int column, List<FieldType> partialTypes,
      boolean zeroIfEmpty) {
    return new Merge(aggs.merge(kind, column, partialTypes), column, zeroIfEmpty);
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    List<FieldType> inTypes = input.types();
    int width = inTypes.size();
    int[] groupColumns = new int[groupCount];
    for (int i = 0; i < groupCount; i++) {
      groupColumns[i] = width - groupCount + i;
    }
    return new GroupingExecutor(input.open(ctx, memory), groupColumns, inTypes, memory, merges.size(), 1) {
      @Override
      protected Group newGroup(Object[] first) {
        AggFunction.State[] states = new AggFunction.State[merges.size()];
        for (int i = 0; i < states.length; i++) {
          states[i] = merges.get(i).function().newState();
        }
        return new Group() {
          @Override
          public void add(Object[] r) {
            Row row = Row.of(r);
            for (AggFunction.State s : states) {
              s.update(row, ctx);
            }
          }

          @Override
          public Object[] result() {
            Object[] o = new Object[groupCount + states.length];
            for (int i = 0; i < groupCount; i++) {
              o[i] = first[groupColumns[i]];
            }
            Object[] one = new Object[1];
            for (int i = 0; i < states.length; i++) {
              states[i].emit(one, 0, ctx);
              Object v = one[0];
              if (v == null && merges.get(i).zeroIfEmpty()) {
                v = types.get(groupCount + i).evalType() == EvalType.DECIMAL ? BigDecimal.ZERO : (Object) 0.0d;
              }
              o[groupCount + i] = v;
            }
            return o;
          }
        };
      }
    };
  }
}
