package io.cairn.sql.plan;

import io.cairn.coprocessor.exec.AggFunctions;
import io.cairn.coprocessor.exec.Dag;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.exec.CopReaderNode;
import io.cairn.sql.exec.ExecNode;
import io.cairn.sql.exec.MergeAggNode;
import io.cairn.sql.exec.PushdownChoiceNode;
import io.cairn.sql.exec.PushdownSource;
import io.cairn.sql.exec.SortNode;
import io.cairn.sql.expr.RexTranslator;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/**
 * A table read whose operators run on the storage nodes (TiDB's TableReader over cop tasks): a
 * chain of Cairn operators over one table scan ({@link CopPushdown} found it) — filters and
 * projections, topped by at most one aggregate or one Sort with a LIMIT — becomes one coprocessor
 * DAG of the same operators, with the root finishing what a region cannot: the final merge of
 * partial aggregates, or the final ordering and LIMIT of the regions' TopN results.
 *
 * <p>The chain itself stays the plan's root-side form: an execution whose reads cannot go to the
 * nodes runs it unchanged ({@link PushdownChoiceNode}), as does a plan whose expressions the
 * coprocessor format cannot carry (checked when the plan is implemented, by encoding and
 * decoding every expression). EXPLAIN shows the operators of the cop task and of the root.
 */
final class CairnTableReader extends AbstractRelNode implements CairnRel {
  private final CairnRel inner;
  /** The chain bottom-up: the scan first. */
  private final List<RelNode> chain;

  CairnTableReader(CairnRel inner) {
    super(inner.getCluster(), inner.getTraitSet());
    this.inner = inner;
    List<RelNode> c = new ArrayList<>();
    for (RelNode r = inner; ; r = r.getInput(0)) {
      c.add(0, r);
      if (r.getInputs().isEmpty()) {
        break;
      }
    }
    this.chain = List.copyOf(c);
  }

  /** The chain's top: the root-side form. */
  CairnRel inner() {
    return inner;
  }

  private CairnRels.CairnTableScan scan() {
    return (CairnRels.CairnTableScan) chain.get(0);
  }

  private PushdownSource source() {
    return (PushdownSource) scan().getTable().unwrap(SourceTable.class).source();
  }

  @Override
  protected RelDataType deriveRowType() {
    return inner.getRowType();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    String access = source().accessPath();
    List<String> cop = new ArrayList<>();
    cop.add("TableScan");
    String root = null;
    for (RelNode r : chain.subList(1, chain.size())) {
      if (r instanceof CairnRels.CairnFilter f) {
        cop.add("Selection(" + f.getCondition() + ")");
      } else if (r instanceof CairnRels.CairnProject p) {
        cop.add("Projection" + p.getProjects());
      } else if (r instanceof CairnRels.CairnAggregate a) {
        cop.add("PartialAgg(group=" + a.getGroupSet() + ", " + a.getAggCallList() + ")");
        root = "FinalAgg";
      } else if (r instanceof CairnRels.CairnSort s) {
        String limit = s.offset == null ? String.valueOf(s.fetch) : s.offset + "+" + s.fetch;
        boolean topN = !s.getCollation().getFieldCollations().isEmpty();
        cop.add((topN ? "TopN(" + s.getCollation() + ", " : "Limit(") + limit + ")");
        root = topN ? "TopN" : "Limit";
      }
    }
    return super.explainTerms(pw)
        .item("table", scan().getTable().getQualifiedName())
        .itemIf("access", access, access != null)
        .item("cop", String.join(" -> ", cop))
        .itemIf("root", root, root != null);
  }

  @Override
  public ExecNode implement(Implementor impl) {
    ExecNode root = impl.visit(inner);
    ExecNode pushed;
    try {
      pushed = pushed(impl, root.types());
    } catch (RuntimeException e) {
      // An expression the coprocessor format cannot carry (or a genuine error, which the
      // root-side form raises itself when it runs).
      return root;
    }
    return pushed == null ? root : new PushdownChoiceNode(source(), impl.params(), pushed, root);
  }

  /** The pushed form, or null when its types would differ from the root form's. */
  private ExecNode pushed(Implementor impl, List<FieldType> rootTypes) {
    PushdownSource source = source();
    ExprBuilder b = impl.builder();
    int increment = b.divPrecisionIncrement();
    Dag dag = source.dagScan(b);
    ExecNode top = null;
    for (RelNode r : chain.subList(1, chain.size())) {
      RexTranslator tr = impl.translator(dag.outputTypes(), r.getInput(0));
      if (r instanceof CairnRels.CairnFilter f) {
        dag = dag.selection(List.of(tr.translate(f.getCondition())));
      } else if (r instanceof CairnRels.CairnProject p) {
        dag = dag.projection(tr.translate(p.getProjects()));
      } else if (r instanceof CairnRels.CairnAggregate a) {
        top = aggregate(impl, dag, a, rootTypes);
      } else if (r instanceof CairnRels.CairnSort s) {
        top = sort(impl, dag, s);
      } else {
        throw new IllegalStateException("not a pushable operator: " + r.getRelTypeName());
      }
    }
    if (top == null) {
      top = new CopReaderNode(source, impl.params(), dag, increment);
    }
    List<FieldType> pushedTypes = top.types();
    if (pushedTypes.size() != rootTypes.size()) {
      return null;
    }
    for (int i = 0; i < rootTypes.size(); i++) {
      if (pushedTypes.get(i).evalType() != rootTypes.get(i).evalType()) {
        return null;
      }
    }
    return top;
  }

  /** A partial aggregation on the nodes, merged by a {@link MergeAggNode} at the root. */
  private ExecNode aggregate(Implementor impl, Dag dag, CairnRels.CairnAggregate a, List<FieldType> rootTypes) {
    ExprBuilder b = impl.builder();
    AggFunctions aggs = new AggFunctions(b.divPrecisionIncrement());
    List<FieldType> in = dag.outputTypes();
    List<Dag.AggCall> calls = new ArrayList<>();
    List<MergeAggNode.Merge> merges = new ArrayList<>();
    int column = 0;
    for (AggregateCall c : a.getAggCallList()) {
      SqlKind k = c.getAggregation().getKind();
      AggFunctions.Kind kind = switch (k) {
        case COUNT -> AggFunctions.Kind.COUNT;
        case SUM, SUM0 -> AggFunctions.Kind.SUM;
        case AVG -> AggFunctions.Kind.AVG;
        case MIN -> AggFunctions.Kind.MIN;
        case MAX -> AggFunctions.Kind.MAX;
        case ANY_VALUE -> AggFunctions.Kind.FIRST;
        default -> throw new IllegalStateException("aggregate " + k + " is not pushed");
      };
      Expr arg = c.getArgList().isEmpty() ? b.intLiteral(1) : b.column(c.getArgList().get(0), in.get(c.getArgList().get(0)));
      EvalType argType = arg.type().evalType();
      if ((kind == AggFunctions.Kind.SUM || kind == AggFunctions.Kind.AVG)
          && argType != EvalType.INT && argType != EvalType.DECIMAL && argType != EvalType.REAL && argType != EvalType.STRING) {
        // The root sums temporal values as DOUBLE, the coprocessor as DECIMAL.
        throw new IllegalStateException("SUM/AVG of " + argType + " is not pushed");
      }
      List<FieldType> partialTypes = aggs.partial(kind, arg).outputTypes();
      calls.add(new Dag.AggCall(kind, arg));
      merges.add(MergeAggNode.merge(aggs, kind, column, partialTypes, k == SqlKind.SUM0));
      column += partialTypes.size();
    }
    List<Expr> groupBy = new ArrayList<>();
    for (int g : a.getGroupSet()) {
      groupBy.add(b.column(g, in.get(g)));
    }
    Dag partial = dag.partialAggregation(groupBy, calls, aggs);
    CopReaderNode reader = new CopReaderNode(source(), impl.params(), partial, b.divPrecisionIncrement());
    return new MergeAggNode(reader, a.getGroupCount(), merges, rootTypes);
  }

  /** The regions' TopN (or first rows) on the nodes, ordered and cut again at the root. */
  private ExecNode sort(Implementor impl, Dag dag, CairnRels.CairnSort s) {
    RexTranslator tr = impl.translator(List.of(), null);
    long offset = CairnRels.CairnSort.bound(tr, s.offset, 0);
    long fetch = CairnRels.CairnSort.bound(tr, s.fetch, -1);
    long limit = offset > Long.MAX_VALUE - fetch ? Long.MAX_VALUE : offset + fetch;
    List<RelFieldCollation> fcs = s.getCollation().getFieldCollations();
    int[] keys = new int[fcs.size()];
    boolean[] desc = new boolean[fcs.size()];
    List<Expr> keyExprs = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = fcs.get(i).getFieldIndex();
      desc[i] = fcs.get(i).getDirection().isDescending();
      keyExprs.add(impl.builder().column(keys[i], dag.outputTypes().get(keys[i])));
    }
    Dag cut = fcs.isEmpty() ? dag.limit(limit) : dag.topN(keyExprs, desc, limit);
    CopReaderNode reader = new CopReaderNode(source(), impl.params(), cut, impl.builder().divPrecisionIncrement());
    return new SortNode(reader, keys, desc, offset, fetch);
  }
}
