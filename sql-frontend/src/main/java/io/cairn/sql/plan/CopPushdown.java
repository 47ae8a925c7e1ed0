package io.cairn.sql.plan;

import io.cairn.sql.exec.PushdownSource;
import io.cairn.sql.exec.TableSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Finds the operators that can run on the storage nodes and wraps each such chain in a {@link
 * CairnTableReader}: starting at a scan of a {@link PushdownSource} that offers a DAG scan,
 * filters and projections of plain expressions (columns, literals, parameters and function
 * calls; no subqueries, correlation or window functions) extend the chain, and one aggregate
 * (COUNT, SUM, AVG, MIN, MAX, ANY_VALUE without DISTINCT) or one Sort with a LIMIT ends it.
 * Everything above stays at the root. Stateless.
 */
final class CopPushdown {
  private CopPushdown() {}

  static CairnRel rewrite(CairnRel rel) {
    if (chain(rel) != Chain.NONE) {
      return new CairnTableReader(rel);
    }
    List<RelNode> inputs = rel.getInputs();
    if (inputs.isEmpty()) {
      return rel;
    }
    List<RelNode> rewritten = new ArrayList<>(inputs.size());
    boolean changed = false;
    for (RelNode in : inputs) {
      RelNode r = rewrite((CairnRel) in);
      changed |= r != in;
      rewritten.add(r);
    }
    return changed ? (CairnRel) rel.copy(rel.getTraitSet(), rewritten) : rel;
  }

  /** What a pushable chain ends with: {@code OPEN} can take more operators, {@code CLOSED} cannot. */
  private enum Chain { NONE, OPEN, CLOSED }

  private static Chain chain(RelNode rel) {
    if (rel instanceof CairnRels.CairnTableScan scan) {
      TableSource s = scan.getTable().unwrap(SourceTable.class).source();
      return s instanceof PushdownSource p && p.canPushDown() ? Chain.OPEN : Chain.NONE;
    }
    if (rel.getInputs().size() != 1 || chain(rel.getInput(0)) != Chain.OPEN) {
      return Chain.NONE;
    }
    if (rel instanceof CairnRels.CairnFilter f) {
      return plain(f.getCondition()) ? Chain.OPEN : Chain.NONE;
    }
    if (rel instanceof CairnRels.CairnProject p) {
      return p.getProjects().stream().allMatch(CopPushdown::plain) ? Chain.OPEN : Chain.NONE;
    }
    if (rel instanceof CairnRels.CairnAggregate a) {
      return a.getAggCallList().stream().allMatch(CopPushdown::pushable) ? Chain.CLOSED : Chain.NONE;
    }
    if (rel instanceof CairnRels.CairnSort s) {
      return s.fetch != null && (s.offset == null || plain(s.offset)) && plain(s.fetch) ? Chain.CLOSED : Chain.NONE;
    }
    return Chain.NONE;
  }

  private static boolean pushable(AggregateCall c) {
    return !c.isDistinct() && c.filterArg < 0 && c.getArgList().size() <= 1 && c.rexList.isEmpty()
        && switch (c.getAggregation().getKind()) {
          case COUNT, SUM, SUM0, AVG, MIN, MAX, ANY_VALUE -> true;
          default -> false;
        };
  }

  /** Columns, literals, parameters and calls of those: what a storage node can evaluate. */
  private static boolean plain(RexNode n) {
    if (n instanceof RexInputRef || n instanceof RexLiteral || n instanceof RexDynamicParam) {
      return true;
    }
    if (n instanceof RexCall call && !(n instanceof org.apache.calcite.rex.RexOver)
        && !(n instanceof org.apache.calcite.rex.RexSubQuery)) {
      return call.getOperands().stream().allMatch(CopPushdown::plain);
    }
    return false;
  }
}
