package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.Constant;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.func.Casts;
import io.cairn.coprocessor.expr.func.Types;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.exec.AggCall;
import io.cairn.sql.exec.AggKind;
import io.cairn.sql.exec.ExecNode;
import io.cairn.sql.exec.WindowCall;
import io.cairn.sql.exec.WindowFrame;
import io.cairn.sql.exec.WindowNode;
import io.cairn.sql.session.SqlException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window.Group;
import org.apache.calcite.rel.core.Window.RexWinAggCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;

/**
 * Turns one group of a Calcite {@link org.apache.calcite.rel.core.Window} into a {@link
 * WindowNode}: partition and order keys, the frame, and each call with MySQL's result type and
 * argument checks. Operands that are not input columns are the window's constants (Calcite
 * numbers them after the input's fields). Forms MySQL has and Cairn does not (EXCLUDE, DISTINCT,
 * IGNORE NULLS, RANGE offsets over temporal keys) fail with 1235 naming the construct.
 */
final class WindowTranslation {
  private final Implementor impl;
  private final List<FieldType> inTypes;
  private final List<RexLiteral> constants;

  WindowTranslation(Implementor impl, List<FieldType> inTypes, List<RexLiteral> constants) {
    this.impl = impl;
    this.inTypes = inTypes;
    this.constants = constants;
  }

  ExecNode node(ExecNode input, Group g) {
    if (g.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
      throw MySqlParseException.notSupported("window frame EXCLUDE", null);
    }
    int[] partition = g.keys.toArray();
    List<RelFieldCollation> fcs = g.orderKeys.getFieldCollations();
    int[] order = new int[fcs.size()];
    boolean[] desc = new boolean[fcs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = fcs.get(i).getFieldIndex();
      desc[i] = fcs.get(i).getDirection().isDescending();
    }
    WindowFrame frame = new WindowFrame(g.isRows, bound(g.lowerBound, g.isRows), bound(g.upperBound, g.isRows));
    if (!g.isRows && (frame.lower().offset() != null || frame.upper().offset() != null)) {
      if (order.length != 1) {
        throw new SqlException(3587, "HY000", "Window '<unnamed window>' with RANGE N PRECEDING/FOLLOWING frame "
            + "requires exactly one ORDER BY expression, of numeric or temporal type");
      }
      FieldType keyType = inTypes.get(order[0]);
      if (!WindowNode.rangeOffsetType(keyType)) {
        throw MySqlParseException.notSupported("RANGE frame offsets over " + keyType.type() + " values", null);
      }
    }
    List<WindowCall> calls = new ArrayList<>();
    for (RexWinAggCall c : g.aggCalls) {
      calls.add(call(c));
    }
    return new WindowNode(input, partition, order, desc, frame, calls);
  }

  private WindowFrame.Bound bound(RexWindowBound b, boolean rows) {
    if (b.isUnboundedPreceding()) {
      return new WindowFrame.Bound(WindowFrame.BoundKind.UNBOUNDED_PRECEDING, null);
    }
    if (b.isUnboundedFollowing()) {
      return new WindowFrame.Bound(WindowFrame.BoundKind.UNBOUNDED_FOLLOWING, null);
    }
    if (b.isCurrentRow()) {
      return new WindowFrame.Bound(WindowFrame.BoundKind.CURRENT_ROW, null);
    }
    Constant k = constant(b.getOffset());
    Object v = k == null ? null : k.value();
    boolean ok = rows ? v instanceof Long l && l >= 0
        : (v instanceof Long l && l >= 0) || (v instanceof BigDecimal d && d.signum() >= 0)
            || (v instanceof Double d && d >= 0);
    if (!ok) {
      if (k != null && k.type().evalType() == io.cairn.coprocessor.expr.types.EvalType.DURATION
          || b.getOffset().getType().getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME
          || b.getOffset().getType().getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_YEAR_MONTH) {
        throw MySqlParseException.notSupported("RANGE frame with INTERVAL", null);
      }
      throw new SqlException(3586, "HY000", "Window '<unnamed window>': frame start or end is negative, NULL or of "
          + "non-integral type");
    }
    return new WindowFrame.Bound(b.isPreceding() ? WindowFrame.BoundKind.PRECEDING : WindowFrame.BoundKind.FOLLOWING, v);
  }

  private WindowCall call(RexWinAggCall c) {
    String name = c.getOperator().getName().toLowerCase(Locale.ROOT);
    if (c.ignoreNulls) {
      throw MySqlParseException.notSupported("IGNORE NULLS", null);
    }
    if (c.distinct) {
      throw MySqlParseException.notSupported("<window function>(DISTINCT ..)", null);
    }
    List<RexNode> ops = c.getOperands();
    return switch (c.getKind()) {
      case ROW_NUMBER -> ranking(WindowCall.Kind.ROW_NUMBER);
      case RANK -> ranking(WindowCall.Kind.RANK);
      case DENSE_RANK -> ranking(WindowCall.Kind.DENSE_RANK);
      case PERCENT_RANK -> ranking(WindowCall.Kind.PERCENT_RANK);
      case CUME_DIST -> ranking(WindowCall.Kind.CUME_DIST);
      case NTILE -> new WindowCall(WindowCall.Kind.NTILE, -1, positive(ops.get(0), name, 1), null, null,
          WindowNode.rankingType(WindowCall.Kind.NTILE));
      case LAG, LEAD -> shift(c.getKind() == org.apache.calcite.sql.SqlKind.LAG ? WindowCall.Kind.LAG
          : WindowCall.Kind.LEAD, ops, name);
      case FIRST_VALUE -> value(WindowCall.Kind.FIRST_VALUE, ops.get(0), 0);
      case LAST_VALUE -> value(WindowCall.Kind.LAST_VALUE, ops.get(0), 0);
      case NTH_VALUE -> value(WindowCall.Kind.NTH_VALUE, ops.get(0), positive(ops.get(1), name, 1));
      case COUNT -> aggregate(AggKind.COUNT, ops);
      case SUM -> aggregate(AggKind.SUM, ops);
      case SUM0 -> aggregate(AggKind.SUM0, ops);
      case AVG -> aggregate(AggKind.AVG, ops);
      case MIN -> aggregate(AggKind.MIN, ops);
      case MAX -> aggregate(AggKind.MAX, ops);
      default -> throw MySqlParseException.notSupported("window function " + c.getOperator().getName(), null);
    };
  }

  private static WindowCall ranking(WindowCall.Kind kind) {
    return new WindowCall(kind, -1, 0, null, null, WindowNode.rankingType(kind));
  }

  private WindowCall value(WindowCall.Kind kind, RexNode arg, long n) {
    int col = column(arg, kind.name());
    FieldType t = inTypes.get(col);
    return new WindowCall(kind, col, n, null, null, t.withFlags(t.flags() & ~FieldType.NOT_NULL_FLAG));
  }

  private WindowCall shift(WindowCall.Kind kind, List<RexNode> ops, String name) {
    int col = column(ops.get(0), kind.name());
    long offset = ops.size() > 1 ? positive(ops.get(1), name, 0) : 1;
    FieldType argType = inTypes.get(col);
    Constant def = ops.size() > 2 ? constant(ops.get(2)) : null;
    if (ops.size() > 2 && def == null) {
      throw MySqlParseException.notSupported(kind + " with a default that is not a constant", null);
    }
    FieldType type = argType;
    Object defValue = null;
    if (def != null && def.value() != null) {
      type = Types.merge(List.of(argType, def.type()));
      if (type.evalType() != argType.evalType()) {
        // A result type other than the argument's would need every value converted; MySQL does that, Cairn not yet.
        throw MySqlParseException.notSupported(kind + " with a default of another type than its argument", null);
      }
      EvalContext scratch = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());
      defValue = def.type().evalType() == type.evalType() && def.type().decimal() == type.decimal()
          ? def.value() : Casts.convert(def.value(), def.type(), type, scratch, name);
    }
    return new WindowCall(kind, col, offset, defValue, null, type.withFlags(type.flags() & ~FieldType.NOT_NULL_FLAG));
  }

  private WindowCall aggregate(AggKind kind, List<RexNode> ops) {
    int[] args = new int[ops.size()];
    List<FieldType> argTypes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      args[i] = column(ops.get(i), kind.name());
      argTypes.add(inTypes.get(args[i]));
    }
    AggCall agg = new AggCall(kind, args, false, AggCall.resultType(kind, argTypes));
    return new WindowCall(WindowCall.Kind.AGGREGATE, -1, 0, null, agg, agg.type());
  }

  private int column(RexNode n, String fn) {
    if (n instanceof RexInputRef r && r.getIndex() < inTypes.size()) {
      return r.getIndex();
    }
    throw MySqlParseException.notSupported(fn + " over a constant", null);
  }

  /** A constant operand: a literal, or a reference to one of the window's constants; else null. */
  private Constant constant(RexNode n) {
    RexNode lit = n;
    if (n instanceof RexInputRef r && r.getIndex() >= inTypes.size()) {
      lit = constants.get(r.getIndex() - inTypes.size());
    }
    if (!(lit instanceof RexLiteral)) {
      return null;
    }
    return (Constant) impl.translator(List.of(), null).translate(lit);
  }

  /** An integer constant of at least {@code min}, or MySQL's 1210 for the function. */
  private long positive(RexNode n, String fn, long min) {
    Constant k = constant(n);
    if (k == null || !(k.value() instanceof Long l) || l < min || k.type().isUnsigned() && l < 0) {
      throw new SqlException(1210, "HY000", "Incorrect arguments to " + fn);
    }
    return l;
  }
}
