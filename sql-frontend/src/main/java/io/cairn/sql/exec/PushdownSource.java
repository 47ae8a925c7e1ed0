package io.cairn.sql.exec;

import io.cairn.coprocessor.exec.Dag;
import io.cairn.coprocessor.expr.ExprBuilder;
import java.util.List;

/**
 * A {@link TableSource} whose rows the storage nodes can read themselves, so that filters,
 * projections, partial aggregates and TopN run next to the data (coprocessor pushdown).
 *
 * <p>The planner asks {@link #canPushDown()} once, when it plans: true means plans may push work
 * onto this source, starting from {@link #dagScan}. Each execution then asks {@link
 * #pushdownReads}: a null answer means this execution must read at the root after all (the
 * transaction wrote to the table, the statement locks what it reads, ...), and the plan runs its
 * root-side form instead, with the same results. Thread-safe like every source.
 */
public interface PushdownSource extends TableSource {

  /** Whether reads of this source may be pushed at all (not for an index or point access path). */
  boolean canPushDown();

  /**
   * A DAG that scans this source, producing {@link #columns()} in order.
   *
   * @throws IllegalStateException if {@link #canPushDown()} is false
   */
  Dag dagScan(ExprBuilder builder);

  /**
   * Where this execution's pushed reads go, or null when this execution reads at the root.
   *
   * @param params the statement's {@code ?} values (the key ranges may depend on them)
   */
  PushdownReads pushdownReads(List<Object> params);
}
