package io.cairn.sql.plan;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Undoes Calcite's expansions of windowed aggregates: {@code SUM(x)} into {@code CASE WHEN
 * COUNT(x) OVER w > 0 THEN $SUM0(x) OVER w ELSE NULL END} (with SUM for $SUM0 inside AVG's), and {@code AVG(x)} into SUM over COUNT.
 * Cairn's window aggregates give MySQL's results (NULL on an empty frame, AVG's DECIMAL scale)
 * themselves, and the CASE, comparison and division there are Calcite's operators, not the MySQL
 * ones Cairn evaluates. Rewrites bottom-up, so AVG sees its SUM restored first. Applied to every Project before windows are split out.
 */
final class WindowedSumRestorer extends RelShuttleImpl {
  @Override
  public RelNode visit(LogicalProject project) {
    RelNode visited = super.visit(project);
    RexBuilder rex = project.getCluster().getRexBuilder();
    return visited.accept(new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        RexNode visited = super.visitCall(call);
        if (!(visited instanceof RexCall c)) {
          return visited;
        }
        RexNode restored = restoreSum(rex, c);
        if (restored == null) {
          restored = restoreAvg(rex, c);
        }
        return restored != null ? restored : visited;
      }
    });
  }

  /** {@code [CAST](SUM(x) OVER w / COUNT(x) OVER w)}, Calcite's expansion of AVG, back to AVG. */
  private static RexNode restoreAvg(RexBuilder rex, RexCall call) {
    RexCall div = call;
    if (call.getKind() == SqlKind.CAST && call.getOperands().get(0) instanceof RexCall inner) {
      div = inner;
    }
    if (div.getKind() != SqlKind.DIVIDE) {
      return null;
    }
    RexNode num = strip(div.getOperands().get(0));
    RexNode den = strip(div.getOperands().get(1));
    if (!(num instanceof RexOver sum) || sum.getKind() != SqlKind.SUM || !(den instanceof RexOver count)
        || count.getKind() != SqlKind.COUNT || !sum.getWindow().equals(count.getWindow())
        || !sum.getOperands().equals(count.getOperands())) {
      return null;
    }
    return over(rex, call.getType(), SqlStdOperatorTable.AVG, sum);
  }

  private static RexNode strip(RexNode n) {
    return n instanceof RexCall c && c.getKind() == SqlKind.CAST ? c.getOperands().get(0) : n;
  }

  private static RexNode over(RexBuilder rex, org.apache.calcite.rel.type.RelDataType type,
      org.apache.calcite.sql.SqlAggFunction op, RexOver like) {
    RexWindow w = like.getWindow();
    return rex.makeOver(type, op, like.getOperands(), w.partitionKeys, w.orderKeys, w.getLowerBound(),
        w.getUpperBound(), w.getExclude(), w.isRows(), true, false, like.isDistinct(), like.ignoreNulls());
  }

  private static RexNode restoreSum(RexBuilder rex, RexCall call) {
    if (call.getKind() != SqlKind.CASE || call.getOperands().size() != 3) {
      return null;
    }
    List<RexNode> ops = call.getOperands();
    if (!(ops.get(0) instanceof RexCall gt) || gt.getKind() != SqlKind.GREATER_THAN
        || !(gt.getOperands().get(0) instanceof RexOver count) || count.getKind() != SqlKind.COUNT
        || !(strip(ops.get(1)) instanceof RexOver sum0)
        || sum0.getKind() != SqlKind.SUM0 && sum0.getKind() != SqlKind.SUM
        || !(strip(ops.get(2)) instanceof RexLiteral nul) || !nul.isNull()) {
      return null;
    }
    return over(rex, call.getType(), SqlStdOperatorTable.SUM, sum0);
  }
}
