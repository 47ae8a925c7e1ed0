package io.cairn.sql.plan;

import com.google.common.collect.ImmutableList;
import io.cairn.sql.MySqlParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.logical.LogicalWindow;

/**
 * The conversion of Calcite's logical operators into {@link CairnRel}s: one rule per logical
 * class, applied bottom-up in a single pass (a deterministic, allocation-light alternative to a
 * Hep pass of converter rules, which Hep fires only where a parent already demands the target
 * convention). Cost-based choices that need alternatives (access paths, join order) will get a
 * Volcano phase when table scans with statistics arrive. A logical operator without a rule (e.g.
 * a Correlate left by a subquery the decorrelator could not remove) fails with 1235.
 */
public final class CairnRules {
  private CairnRules() {}

  public static CairnRel toPhysical(RelNode rel) {
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode in : rel.getInputs()) {
      inputs.add(toPhysical(in));
    }
    RelTraitSet traits = rel.getTraitSet().replace(CairnRel.CONVENTION);
    if (rel instanceof LogicalTableScan r) {
      return new CairnRels.CairnTableScan(r.getCluster(), traits, r.getTable());
    } else if (rel instanceof LogicalValues r) {
      return new CairnRels.CairnValues(r.getCluster(), r.getRowType(), r.getTuples(), traits);
    } else if (rel instanceof LogicalProject r) {
      return new CairnRels.CairnProject(r.getCluster(), traits, inputs.get(0), r.getProjects(), r.getRowType());
    } else if (rel instanceof LogicalFilter r) {
      return new CairnRels.CairnFilter(r.getCluster(), traits, inputs.get(0), r.getCondition());
    } else if (rel instanceof LogicalAggregate r) {
      return new CairnRels.CairnAggregate(r.getCluster(), traits, inputs.get(0), r.getGroupSet(), r.getGroupSets(),
          r.getAggCallList());
    } else if (rel instanceof LogicalSort r) {
      return new CairnRels.CairnSort(r.getCluster(), traits, inputs.get(0), r.getCollation(), r.offset, r.fetch);
    } else if (rel instanceof LogicalUnion r) {
      return new CairnRels.CairnUnion(r.getCluster(), traits, ImmutableList.copyOf(inputs), r.all);
    } else if (rel instanceof LogicalWindow r) {
      return new CairnRels.CairnWindow(r.getCluster(), traits, inputs.get(0), r.getConstants(), r.getRowType(),
          r.groups);
    } else if (rel instanceof LogicalJoin r) {
      return new CairnRels.CairnJoin(r.getCluster(), traits, inputs.get(0), inputs.get(1), r.getCondition(),
          r.getJoinType());
    }
    throw MySqlParseException.notSupported("query shape with " + rel.getRelTypeName()
        + " (e.g. a correlated subquery Calcite could not decorrelate)", null);
  }
}
