package io.cairn.sql.plan;

import com.google.common.collect.ImmutableList;
import io.cairn.coprocessor.expr.Constant;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.func.Casts;
import io.cairn.coprocessor.expr.func.Types;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.exec.AggCall;
import io.cairn.sql.exec.AggKind;
import io.cairn.sql.exec.ExecNode;
import io.cairn.sql.exec.FilterNode;
import io.cairn.sql.exec.HashAggNode;
import io.cairn.sql.exec.IndexJoinNode;
import io.cairn.sql.exec.JoinKind;
import io.cairn.sql.exec.JoinNode;
import io.cairn.sql.exec.ProjectNode;
import io.cairn.sql.exec.ScanNode;
import io.cairn.sql.exec.SortNode;
import io.cairn.sql.exec.UnionNode;
import io.cairn.sql.exec.ValuesNode;
import io.cairn.sql.expr.RexTranslator;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Cairn's physical operators. Each keeps Calcite's logical shape and turns into the executor of
 * the same name; join algorithm choice (an index lookup join where {@link IndexJoinChoice} finds
 * one, else hash on equi-keys of matching types, else nested loop) is made at implementation time,
 * where the MySQL types of both sides are known.
 */
final class CairnRels {
  private CairnRels() {}

  static final class CairnTableScan extends TableScan implements CairnRel {
    CairnTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table) {
      super(cluster, traits, List.of(), table);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
      return new CairnTableScan(getCluster(), traitSet, table);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      return new ScanNode(table.unwrap(SourceTable.class).source(), impl.params());
    }

    @Override
    public org.apache.calcite.rel.RelWriter explainTerms(org.apache.calcite.rel.RelWriter pw) {
      String access = table.unwrap(SourceTable.class).source().accessPath();
      return super.explainTerms(pw).itemIf("access", access, access != null);
    }
  }

  static final class CairnValues extends Values implements CairnRel {
    CairnValues(RelOptCluster cluster, RelDataType rowType, ImmutableList<ImmutableList<RexLiteral>> tuples,
        RelTraitSet traits) {
      super(cluster, List.of(), rowType, tuples, traits);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
      return new CairnValues(getCluster(), getRowType(), tuples, traitSet);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      RexTranslator tr = impl.translator(List.of(), null);
      int width = getRowType().getFieldCount();
      List<List<Expr>> rows = new ArrayList<>();
      for (List<RexLiteral> t : tuples) {
        rows.add(tr.translate(t));
      }
      List<FieldType> types = new ArrayList<>();
      for (int c = 0; c < width; c++) {
        List<FieldType> col = new ArrayList<>();
        for (List<Expr> r : rows) {
          col.add(r.get(c).type());
        }
        types.add(col.size() == 1 ? col.get(0) : Types.merge(col));
      }
      // Literal conversion cannot raise anything a statement must see: a scratch context will do.
      EvalContext scratch = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());
      List<Object[]> values = new ArrayList<>();
      for (List<Expr> r : rows) {
        Object[] o = new Object[width];
        for (int c = 0; c < width; c++) {
          Constant k = (Constant) r.get(c);
          o[c] = k.value() == null || k.type().evalType() == types.get(c).evalType()
              ? k.value() : Casts.convert(k.value(), k.type(), types.get(c), scratch, "values");
        }
        values.add(o);
      }
      return new ValuesNode(types, values);
    }
  }

  static final class CairnProject extends Project implements CairnRel {
    CairnProject(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<? extends RexNode> projects,
        RelDataType rowType) {
      super(cluster, traits, List.<RelHint>of(), input, projects, rowType, Set.<CorrelationId>of());
    }

    @Override
    public Project copy(RelTraitSet traitSet, RelNode input, List<RexNode> projects, RelDataType rowType) {
      return new CairnProject(getCluster(), traitSet, input, projects, rowType);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      ExecNode in = impl.visit(getInput());
      return new ProjectNode(in, impl.translator(in.types(), getInput()).translate(getProjects()));
    }
  }

  static final class CairnFilter extends Filter implements CairnRel {
    CairnFilter(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexNode condition) {
      super(cluster, traits, input, condition);
    }

    @Override
    public Filter copy(RelTraitSet traitSet, RelNode input, RexNode condition) {
      return new CairnFilter(getCluster(), traitSet, input, condition);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      ExecNode in = impl.visit(getInput());
      return new FilterNode(in, impl.translator(in.types(), getInput()).translate(getCondition()));
    }
  }

  static final class CairnAggregate extends Aggregate implements CairnRel {
    CairnAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input, ImmutableBitSet groupSet,
        List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
      super(cluster, traits, List.of(), input, groupSet, groupSets, aggCalls);
      if (getGroupType() != Group.SIMPLE) {
        throw MySqlParseException.notSupported("GROUPING SETS / ROLLUP", null);
      }
    }

    @Override
    public Aggregate copy(RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet,
        List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
      return new CairnAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      ExecNode in = impl.visit(getInput());
      return new HashAggNode(in, getGroupSet().toArray(), calls(impl, in.types()));
    }

    /** The executor's form of the aggregate calls over input columns of these types. */
    List<AggCall> calls(Implementor impl, List<FieldType> inTypes) {
      List<AggCall> calls = new ArrayList<>();
      for (AggregateCall c : getAggCallList()) {
        if (c.filterArg >= 0) {
          throw MySqlParseException.notSupported("aggregate FILTER", null);
        }
        AggKind kind = switch (c.getAggregation().getKind()) {
          case COUNT -> AggKind.COUNT;
          case SUM -> AggKind.SUM;
          case SUM0 -> AggKind.SUM0;
          case AVG -> AggKind.AVG;
          case MIN -> AggKind.MIN;
          case MAX -> AggKind.MAX;
          case SINGLE_VALUE -> AggKind.SINGLE_VALUE;
          case ANY_VALUE -> AggKind.ANY_VALUE;
          case LITERAL_AGG -> AggKind.LITERAL;
          default -> throw MySqlParseException.notSupported("aggregate " + c.getAggregation().getName(), null);
        };
        if (kind == AggKind.LITERAL) {
          Constant k = (Constant) impl.translator(List.of(), null).translate(c.rexList.get(0));
          calls.add(new AggCall(kind, new int[0], false, k.type(), k.value()));
          continue;
        }
        int[] args = c.getArgList().stream().mapToInt(Integer::intValue).toArray();
        List<FieldType> argTypes = new ArrayList<>();
        for (int a : args) {
          argTypes.add(inTypes.get(a));
        }
        calls.add(new AggCall(kind, args, c.isDistinct(), AggCall.resultType(kind, argTypes)));
      }
      return calls;
    }
  }

  static final class CairnSort extends Sort implements CairnRel {
    CairnSort(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelCollation collation, RexNode offset,
        RexNode fetch) {
      super(cluster, traits, input, collation, offset, fetch);
    }

    @Override
    public Sort copy(RelTraitSet traitSet, RelNode input, RelCollation collation, RexNode offset, RexNode fetch) {
      return new CairnSort(getCluster(), traitSet, input, collation, offset, fetch);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      ExecNode in = impl.visit(getInput());
      List<RelFieldCollation> fcs = getCollation().getFieldCollations();
      int[] keys = new int[fcs.size()];
      boolean[] desc = new boolean[fcs.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = fcs.get(i).getFieldIndex();
        desc[i] = fcs.get(i).getDirection().isDescending();
      }
      RexTranslator tr = impl.translator(List.of(), null);
      return new SortNode(in, keys, desc, bound(tr, offset, 0), bound(tr, fetch, -1));
    }

    static long bound(RexTranslator tr, RexNode n, long absent) {
      if (n == null) {
        return absent;
      }
      Object v = ((Constant) tr.translate(n)).value();
      if (!(v instanceof Long l) || l < 0) {
        throw new io.cairn.sql.session.SqlException(1210, "HY000", "Incorrect arguments to LIMIT");
      }
      return l;
    }
  }

  static final class CairnUnion extends Union implements CairnRel {
    CairnUnion(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs, boolean all) {
      super(cluster, traits, inputs, all);
    }

    @Override
    public Union copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
      return new CairnUnion(getCluster(), traitSet, inputs, all);
    }

    @Override
    public ExecNode implement(Implementor impl) {
      List<ExecNode> ins = new ArrayList<>();
      for (RelNode r : getInputs()) {
        ins.add(impl.visit(r));
      }
      List<FieldType> types = new ArrayList<>();
      for (int c = 0; c < getRowType().getFieldCount(); c++) {
        List<FieldType> col = new ArrayList<>();
        for (ExecNode n : ins) {
          col.add(n.types().get(c));
        }
        types.add(Types.merge(col));
      }
      return new UnionNode(ins, types, all);
    }
  }

  static final class CairnJoin extends Join implements CairnRel {
    CairnJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right, RexNode condition,
        JoinRelType joinType) {
      super(cluster, traits, List.of(), left, right, condition, Set.of(), joinType);
    }

    @Override
    public Join copy(RelTraitSet traitSet, RexNode condition, RelNode left, RelNode right, JoinRelType joinType,
        boolean semiJoinDone) {
      return new CairnJoin(getCluster(), traitSet, left, right, condition, joinType);
    }

    /**
     * This join with its inputs exchanged and its condition rewritten to match (INNER stays
     * INNER, RIGHT becomes LEFT), or null for the other join types.
     */
    CairnJoin swapped() {
      if (getJoinType() != JoinRelType.INNER && getJoinType() != JoinRelType.RIGHT) {
        return null;
      }
      int leftWidth = getLeft().getRowType().getFieldCount();
      int rightWidth = getRight().getRowType().getFieldCount();
      RexNode c = getCondition().accept(new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          int i = ref.getIndex();
          return new RexInputRef(i < leftWidth ? i + rightWidth : i - leftWidth, ref.getType());
        }
      });
      return new CairnJoin(getCluster(), getTraitSet(), getRight(), getLeft(), c, getJoinType().swap());
    }

    @Override
    public ExecNode implement(Implementor impl) {
      if (IndexJoinChoice.direct(this) == null && IndexJoinChoice.of(this) != null) {
        // The key table is on the left: look it up from the right, then restore the column order.
        CairnJoin swapped = swapped();
        ExecNode j = swapped.implement(impl);
        int leftWidth = getLeft().getRowType().getFieldCount();
        int rightWidth = getRight().getRowType().getFieldCount();
        List<RexNode> refs = new ArrayList<>();
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = swapped.getRowType().getFieldList();
        for (int i = 0; i < leftWidth + rightWidth; i++) {
          int from = i < leftWidth ? rightWidth + i : i - leftWidth;
          refs.add(new RexInputRef(from, fields.get(from).getType()));
        }
        return new ProjectNode(j, impl.translator(j.types(), swapped).translate(refs));
      }
      ExecNode l = impl.visit(getLeft());
      ExecNode r = impl.visit(getRight());
      List<FieldType> both = new ArrayList<>(l.types());
      both.addAll(r.types());
      List<String> names = new ArrayList<>(getLeft().getRowType().getFieldNames());
      names.addAll(getRight().getRowType().getFieldNames());
      int leftWidth = l.types().size();
      List<Integer> lk = new ArrayList<>();
      List<Integer> rk = new ArrayList<>();
      List<Boolean> ns = new ArrayList<>();
      for (RexNode c : RelOptUtil.conjunctions(getCondition())) {
        if ((c.getKind() == SqlKind.EQUALS || c.getKind() == SqlKind.IS_NOT_DISTINCT_FROM)
            && c instanceof RexCall call && call.getOperands().size() == 2
            && call.getOperands().get(0) instanceof RexInputRef a && call.getOperands().get(1) instanceof RexInputRef b) {
          int x = Math.min(a.getIndex(), b.getIndex());
          int y = Math.max(a.getIndex(), b.getIndex());
          if (x < leftWidth && y >= leftWidth && hashable(both.get(x), both.get(y))) {
            lk.add(x);
            rk.add(y - leftWidth);
            ns.add(c.getKind() == SqlKind.IS_NOT_DISTINCT_FROM);
          }
        }
      }
      Expr cond = getCondition().isAlwaysTrue() ? null
          : new RexTranslator(impl.builder(), both, names, impl.params()).translate(getCondition());
      boolean[] nullSafe = new boolean[ns.size()];
      for (int i = 0; i < nullSafe.length; i++) {
        nullSafe[i] = ns.get(i);
      }
      int[] leftKeys = lk.stream().mapToInt(Integer::intValue).toArray();
      int[] rightKeys = rk.stream().mapToInt(Integer::intValue).toArray();
      JoinNode plain = new JoinNode(l, r, kind(), cond, leftKeys, rightKeys, nullSafe);
      IndexJoinChoice.Choice choice = IndexJoinChoice.direct(this);
      if (choice == null) {
        return plain;
      }
      FieldType outerType = l.types().get(choice.outerKey());
      FieldType innerType = choice.source().columns().get(choice.innerColumn()).type();
      if (outerType.evalType() != EvalType.INT || innerType.evalType() != EvalType.INT
          || outerType.isUnsigned() != innerType.isUnsigned()) {
        // The lookup compares Long values: only exact for integers of one signedness.
        return plain;
      }
      List<FieldType> types = choice.source().columns().stream().map(c -> c.type()).toList();
      List<IndexJoinNode.InnerStep> steps = new ArrayList<>();
      for (RelNode step : choice.steps()) {
        if (step instanceof CairnFilter f) {
          steps.add(new IndexJoinNode.InnerFilter(impl.translator(types, f.getInput()).translate(f.getCondition())));
        } else if (step instanceof CairnAggregate a) {
          IndexJoinNode.InnerAggregate agg = new IndexJoinNode.InnerAggregate(a.getGroupSet().toArray(),
              a.calls(impl, types));
          steps.add(agg);
          types = agg.over(new ValuesNode(types, List.of())).types();
        } else {
          Project p = (Project) step;
          List<Expr> exprs = impl.translator(types, p.getInput()).translate(p.getProjects());
          steps.add(new IndexJoinNode.InnerProject(exprs));
          types = exprs.stream().map(Expr::type).toList();
        }
      }
      IndexJoinNode node = new IndexJoinNode(l, choice.source(), choice.outerKey(), choice.innerColumn(), steps,
          kind(), cond, leftKeys, rightKeys, nullSafe, plain);
      // The inner side rebuilt over looked-up rows must look like the planned one to the join.
      return node.innerOver(List.of()).types().equals(r.types()) ? node : plain;
    }

    @Override
    public org.apache.calcite.rel.RelWriter explainTerms(org.apache.calcite.rel.RelWriter pw) {
      IndexJoinChoice.Choice choice = IndexJoinChoice.of(this);
      boolean index = choice != null && choice.source().lookupEnabled();
      return super.explainTerms(pw)
          .itemIf("algorithm", "IndexLookUpJoin", index)
          .itemIf("inner", index ? choice.table() : null, index)
          .itemIf("key", index ? choice.key() : null, index);
    }

    private JoinKind kind() {
      return switch (getJoinType()) {
        case INNER -> JoinKind.INNER;
        case LEFT -> JoinKind.LEFT;
        case RIGHT -> JoinKind.RIGHT;
        case FULL -> JoinKind.FULL;
        case SEMI -> JoinKind.SEMI;
        case ANTI -> JoinKind.ANTI;
        default -> throw MySqlParseException.notSupported("join type " + getJoinType(), null);
      };
    }

    /** Equal hash keys are necessary for MySQL equality only when both sides share a representation. */
    private static boolean hashable(FieldType a, FieldType b) {
      if (a.evalType() != b.evalType()) {
        return false;
      }
      return switch (a.evalType()) {
        case INT -> a.isUnsigned() == b.isUnsigned();
        case STRING -> a.collation() == b.collation();
        case DATETIME, DURATION -> a.type() == b.type() && a.fsp() == b.fsp();
        case JSON -> false;
        default -> true;
      };
    }
  }


  static final class CairnWindow extends Window implements CairnRel {
    CairnWindow(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<RexLiteral> constants,
        RelDataType rowType, List<Group> groups) {
      super(cluster, traits, input, constants, rowType, groups);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
      return new CairnWindow(getCluster(), traitSet, inputs.get(0), constants, getRowType(), groups);
    }

    @Override
    public Window copy(List<RexLiteral> newConstants) {
      return new CairnWindow(getCluster(), getTraitSet(), getInput(), newConstants, getRowType(), groups);
    }

    /** One WindowNode per group, each appending its functions' columns, as Calcite's row type lists them. */
    @Override
    public ExecNode implement(Implementor impl) {
      ExecNode node = impl.visit(getInput());
      List<FieldType> inTypes = node.types();
      WindowTranslation tr = new WindowTranslation(impl, inTypes, constants);
      for (Group g : groups) {
        node = tr.node(node, g);
      }
      return node;
    }
  }
}
