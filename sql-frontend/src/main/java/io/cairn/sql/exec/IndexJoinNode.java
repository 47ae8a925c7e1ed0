package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * TiDB's index lookup join: the outer (left) input is read in batches of {@value #BATCH} rows;
 * each batch's distinct non-NULL values of the outer key column are looked up in the inner
 * table ({@link KeyLookupSource#lookup}, by handle or by index), the inner side's own filters,
 * projections and aggregates grouped by the key ({@link InnerStep}) run over the fetched rows, and the batch is joined with them by
 * a {@link JoinNode} with the whole join condition. Every outer row is in exactly one batch and
 * every inner row it could match is fetched with it (the lookup key is an equi-key conjunct of
 * the condition), so INNER, LEFT, SEMI and ANTI joins give the hash join's rows, residual
 * conditions and NULL keys included.
 *
 * <p>When the session has switched index joins off ({@code cairn_index_join}, asked per
 * execution) the node runs {@code fallback}, the plain join of the same inputs.
 *
 * @param outer the left input
 * @param inner the stored table read by key
 * @param outerKey the outer column holding the lookup values (an integer type of the same
 *     signedness as the inner key column)
 * @param innerColumn the inner table's key column
 * @param innerSteps what the plan does to the inner table's rows before the join, bottom-up
 * @param kind INNER, LEFT, SEMI or ANTI
 * @param condition the whole join condition over (outer columns, inner side's columns), or null
 * @param leftKeys equi-keys, as {@link JoinNode} takes them (the lookup key among them)
 * @param rightKeys equi-keys over the inner side's columns
 * @param nullSafe per equi-key, whether it is {@code <=>}
 * @param fallback the plain join, with the same output
 */
public record IndexJoinNode(
    ExecNode outer, KeyLookupSource inner, int outerKey, int innerColumn, List<InnerStep> innerSteps,
    JoinKind kind, Expr condition, int[] leftKeys, int[] rightKeys, boolean[] nullSafe, ExecNode fallback)
    implements ExecNode {

  /** Outer rows per lookup round. */
  public static final int BATCH = 256;

  public IndexJoinNode {
    innerSteps = List.copyOf(innerSteps);
    if (kind != JoinKind.INNER && kind != JoinKind.LEFT && kind != JoinKind.SEMI && kind != JoinKind.ANTI) {
      throw new IllegalArgumentException("an index join does not run " + kind + " joins");
    }
    if (inner.lookupKey(innerColumn) == null) {
      throw new IllegalArgumentException("column " + innerColumn + " of " + inner.name() + " is no lookup key");
    }
  }

  /** One operator of the inner side between its table and the join. */
  public sealed interface InnerStep permits InnerFilter, InnerProject, InnerAggregate {
    ExecNode over(ExecNode input);
  }

  /** Keeps the rows the condition holds for. */
  public record InnerFilter(Expr condition) implements InnerStep {
    @Override
    public ExecNode over(ExecNode input) {
      return new FilterNode(input, condition);
    }
  }

  /** Computes the columns the join sees. */
  public record InnerProject(List<Expr> exprs) implements InnerStep {
    public InnerProject {
      exprs = List.copyOf(exprs);
    }

    @Override
    public ExecNode over(ExecNode input) {
      return new ProjectNode(input, exprs);
    }
  }

  /**
   * Aggregates the fetched rows: exact per batch only when the groups include the lookup key,
   * since every row of a key value is fetched with it.
   */
  public record InnerAggregate(int[] groupKeys, List<AggCall> calls) implements InnerStep {
    public InnerAggregate {
      groupKeys = groupKeys.clone();
      calls = List.copyOf(calls);
      if (groupKeys.length == 0) {
        throw new IllegalArgumentException("an inner aggregate must group by the lookup key");
      }
    }

    @Override
    public ExecNode over(ExecNode input) {
      return new HashAggNode(input, groupKeys, calls);
    }
  }

  /** The inner side over these fetched rows of the table. */
  public ExecNode innerOver(List<Object[]> tableRows) {
    ExecNode n = new ValuesNode(inner.columns().stream().map(TableColumn::type).toList(), tableRows);
    for (InnerStep s : innerSteps) {
      n = s.over(n);
    }
    return n;
  }

  @Override
  public List<FieldType> types() {
    return fallback.types();
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    if (!inner.lookupEnabled()) {
      return fallback.open(ctx, memory);
    }
    Executor probe = outer.open(ctx, memory);
    List<FieldType> outerTypes = outer.types();
    return new Executor() {
      private Executor current;
      private boolean outerDone;

      @Override
      public List<Object[]> next() {
        while (true) {
          if (current != null) {
            List<Object[]> out = current.next();
            if (out != null) {
              return out;
            }
            current.close();
            current = null;
          }
          if (outerDone) {
            return null;
          }
          List<Object[]> batch = outerBatch();
          if (batch.isEmpty()) {
            return null;
          }
          List<Object[]> innerRows = inner.lookup(innerColumn, keys(batch));
          JoinNode join = new JoinNode(new ValuesNode(outerTypes, batch), innerOver(innerRows), kind, condition,
              leftKeys, rightKeys, nullSafe);
          current = join.open(ctx, memory);
        }
      }

      private List<Object[]> outerBatch() {
        List<Object[]> batch = new ArrayList<>();
        while (batch.size() < BATCH) {
          List<Object[]> b = probe.next();
          if (b == null) {
            outerDone = true;
            break;
          }
          batch.addAll(b);
        }
        return batch;
      }

      @Override
      public void close() {
        try {
          if (current != null) {
            current.close();
            current = null;
          }
        } finally {
          probe.close();
        }
      }
    };
  }

  /** The batch's distinct non-NULL outer keys: NULL equals nothing under {@code =}. */
  private long[] keys(List<Object[]> batch) {
    Set<Long> keys = new LinkedHashSet<>();
    for (Object[] r : batch) {
      Object v = r[outerKey];
      if (v != null) {
        keys.add((Long) v);
      }
    }
    return keys.stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public String toString() {
    return "IndexLookUpJoin(" + kind + ", " + inner.name() + " " + inner.lookupKey(innerColumn) + ", keys "
        + Arrays.toString(leftKeys) + "=" + Arrays.toString(rightKeys) + ")";
  }
}
