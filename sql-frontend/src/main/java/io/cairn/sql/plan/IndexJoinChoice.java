package io.cairn.sql.plan;

import io.cairn.sql.exec.KeyLookupSource;
import io.cairn.sql.exec.TableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Decides whether a join runs as an index lookup join (TiDB's IndexJoin), from the plan's shape
 * alone: there are no statistics yet.
 *
 * <p>The inner (right) side must be a scan of a stored table that can fetch rows by key ({@link
 * KeyLookupSource}), possibly under filters, projections and aggregates that group by the key
 * (the DISTINCT of an IN or EXISTS subquery), also when pushed down as a {@link
 * CairnTableReader}. One {@code =} conjunct of the join condition must compare an outer column
 * with an inner column that is, through plain column references, the table's integer handle
 * column or the leading column of one of its readable indexes, both of integer types. Calcite's
 * types do not say UNSIGNED, so the executor checks that the signedness agrees and otherwise
 * joins by hash (EXPLAIN then still names the index join). The join is
 * INNER, LEFT, SEMI or ANTI: every outer row is then joined in exactly one batch. An INNER or
 * RIGHT join whose key table is on the left is run with its inputs exchanged.
 *
 * <p>The heuristic: the outer side must look small, that is "restricted": it has a filter, a
 * LIMIT, literal rows, or a key access path, possibly under projections and aggregates, or it is
 * itself the outer side of such a join. An unrestricted outer side, typically a full scan, is
 * hash-joined, since one lookup per outer row would then cost more than one scan of the inner
 * table. Immutable helpers; thread-safe.
 */
final class IndexJoinChoice {
  private static final Set<JoinRelType> KINDS =
      Set.of(JoinRelType.INNER, JoinRelType.LEFT, JoinRelType.SEMI, JoinRelType.ANTI);
  private static final Set<SqlTypeName> INTEGERS =
      Set.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);

  private IndexJoinChoice() {}

  /**
   * An index join's plan.
   *
   * @param source the inner table
   * @param table the inner table's qualified name
   * @param steps the inner side's filters, projections and aggregates, bottom-up
   * @param outerKey the outer column of the lookup key
   * @param innerColumn the inner table's key column
   * @param key how the inner rows are found, e.g. {@code handle:id}
   */
  record Choice(KeyLookupSource source, List<String> table, List<RelNode> steps, int outerKey, int innerColumn,
      String key) {}

  /**
   * The index join for {@code join}, or null when it is not one: with its own outer (left) side,
   * else, for INNER and RIGHT joins, with its inputs exchanged ({@link CairnRels.CairnJoin#swapped}).
   */
  static Choice of(CairnRels.CairnJoin join) {
    Choice c = direct(join);
    if (c == null) {
      CairnRels.CairnJoin swapped = join.swapped();
      c = swapped == null ? null : direct(swapped);
    }
    return c;
  }

  /** The index join for {@code join} with its right side as the inner one, or null. */
  static Choice direct(CairnRels.CairnJoin join) {
    if (!KINDS.contains(join.getJoinType()) || !restricted(join.getLeft())) {
      return null;
    }
    List<RelNode> steps = new ArrayList<>();
    RelNode r = join.getRight();
    if (r instanceof CairnTableReader reader) {
      r = reader.inner();
    }
    while (r instanceof CairnRels.CairnFilter || r instanceof CairnRels.CairnProject
        || r instanceof CairnRels.CairnAggregate) {
      steps.add(0, r);
      r = r.getInput(0);
    }
    if (!(r instanceof CairnRels.CairnTableScan scan)) {
      return null;
    }
    TableSource ts = scan.getTable().unwrap(SourceTable.class).source();
    if (!(ts instanceof KeyLookupSource source)) {
      return null;
    }
    int leftWidth = join.getLeft().getRowType().getFieldCount();
    for (RexNode c : RelOptUtil.conjunctions(join.getCondition())) {
      if (c.getKind() != SqlKind.EQUALS || !(c instanceof RexCall call) || call.getOperands().size() != 2
          || !(call.getOperands().get(0) instanceof RexInputRef a)
          || !(call.getOperands().get(1) instanceof RexInputRef b)) {
        continue;
      }
      int x = Math.min(a.getIndex(), b.getIndex());
      int y = Math.max(a.getIndex(), b.getIndex());
      if (x >= leftWidth || y < leftWidth
          || !INTEGERS.contains(join.getLeft().getRowType().getFieldList().get(x).getType().getSqlTypeName())
          || !INTEGERS.contains(join.getRight().getRowType().getFieldList().get(y - leftWidth).getType()
              .getSqlTypeName())) {
        continue;
      }
      int column = tableColumn(steps, y - leftWidth);
      String key = column < 0 ? null : source.lookupKey(column);
      if (key != null) {
        return new Choice(source, scan.getTable().getQualifiedName(), List.copyOf(steps), x, column, key);
      }
    }
    return null;
  }

  /**
   * The table column that inner output column {@code index} is, or -1 when it is computed or an
   * aggregate does not group by it (its groups would then span key values, and so batches).
   */
  private static int tableColumn(List<RelNode> steps, int index) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i) instanceof CairnRels.CairnProject p) {
        if (!(p.getProjects().get(index) instanceof RexInputRef ref)) {
          return -1;
        }
        index = ref.getIndex();
      } else if (steps.get(i) instanceof CairnRels.CairnAggregate a) {
        if (index >= a.getGroupCount()) {
          return -1;
        }
        index = a.getGroupSet().nth(index);
      }
    }
    return index;
  }

  /** Whether {@code rel} looks small enough to drive key lookups (see the class comment). */
  static boolean restricted(RelNode rel) {
    if (rel instanceof CairnTableReader reader) {
      return restricted(reader.inner());
    }
    if (rel instanceof CairnRels.CairnFilter || rel instanceof CairnRels.CairnValues) {
      return true;
    }
    if (rel instanceof CairnRels.CairnSort s) {
      return s.fetch != null || restricted(s.getInput());
    }
    if (rel instanceof CairnRels.CairnProject || rel instanceof CairnRels.CairnAggregate) {
      return restricted(rel.getInput(0));
    }
    if (rel instanceof CairnRels.CairnTableScan scan) {
      String access = scan.getTable().unwrap(SourceTable.class).source().accessPath();
      return access != null && !access.equals("TableFullScan");
    }
    if (rel instanceof CairnRels.CairnJoin j) {
      return of(j) != null;
    }
    return false;
  }
}
