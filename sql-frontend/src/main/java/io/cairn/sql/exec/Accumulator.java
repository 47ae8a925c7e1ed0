package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.func.Comparator;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The running state of one {@link AggCall} over some rows: the root aggregation keeps one per
 * group, a window one per frame. Rows whose argument is NULL are skipped (COUNT(*) has none).
 * SUM, SUM0, AVG and COUNT are also {@link #remove}-able, which lets a window slide its frame
 * without re-reading it. Value arithmetic uses the evaluator's conversions ({@link Convert}) and
 * comparisons ({@link Comparator}). Not thread-safe.
 */
final class Accumulator {
  private final AggCall call;
  private final EvalContext ctx;
  private final List<FieldType> inTypes;
  private final FieldType argType;
  private final Set<Rows.Key> distinct;
  private final Comparator cmp;
  private long count;
  private BigDecimal decSum = BigDecimal.ZERO;
  private double dblSum;
  private Object value;

  Accumulator(AggCall call, List<FieldType> inTypes, EvalContext ctx) {
    this.call = call;
    this.ctx = ctx;
    this.inTypes = inTypes;
    this.argType = call.args().length == 0 ? null : inTypes.get(call.args()[0]);
    this.distinct = call.distinct() ? new HashSet<>() : null;
    this.cmp = argType == null ? null : Comparator.of(argType, argType);
  }

  /** Whether {@link #remove} is supported for this call. */
  static boolean removable(AggCall call) {
    return !call.distinct() && switch (call.kind()) {
      case COUNT, SUM, SUM0, AVG -> true;
      default -> false;
    };
  }

  void add(Object[] r) {
    for (int a : call.args()) {
      if (r[a] == null) {
        return;
      }
    }
    if (distinct != null && !distinct.add(Rows.key(r, call.args(), inTypes))) {
      return;
    }
    count++;
    if (argType == null) {
      return;
    }
    Object v = r[call.args()[0]];
    switch (call.kind()) {
      case SUM, SUM0, AVG -> {
        if (call.type().evalType() == EvalType.DECIMAL) {
          decSum = decSum.add(Convert.toDecimal(v, argType.isUnsigned(), ctx));
        } else {
          dblSum += Convert.toDouble(v, argType.isUnsigned(), ctx);
        }
      }
      case MIN -> {
        if (value == null || cmp.compare(v, value, ctx) < 0) {
          value = v;
        }
      }
      case MAX -> {
        if (value == null || cmp.compare(v, value, ctx) > 0) {
          value = v;
        }
      }
      case SINGLE_VALUE -> {
        if (count > 1) {
          throw new EvalException(1242, "21000", "Subquery returns more than 1 row");
        }
        value = v;
      }
      case ANY_VALUE -> {
        if (value == null) {
          value = v;
        }
      }
      default -> { }
    }
  }

  /** Undoes the {@link #add} of {@code r}; only for {@link #removable} calls. */
  void remove(Object[] r) {
    if (!removable(call)) {
      throw new IllegalStateException(call.kind() + " cannot remove rows");
    }
    for (int a : call.args()) {
      if (r[a] == null) {
        return;
      }
    }
    count--;
    if (argType == null || call.kind() == AggKind.COUNT) {
      return;
    }
    Object v = r[call.args()[0]];
    if (call.type().evalType() == EvalType.DECIMAL) {
      decSum = decSum.subtract(Convert.toDecimal(v, argType.isUnsigned(), ctx));
    } else {
      dblSum -= Convert.toDouble(v, argType.isUnsigned(), ctx);
    }
  }

  Object result() {
    boolean decimal = call.type().evalType() == EvalType.DECIMAL;
    return switch (call.kind()) {
      case COUNT -> count;
      case LITERAL -> call.literal();
      case SUM -> count == 0 ? null : decimal ? decSum : (Object) dblSum;
      case SUM0 -> decimal ? decSum : (Object) dblSum;
      case AVG -> count == 0 ? null
          : decimal ? Convert.divide(decSum, BigDecimal.valueOf(count), 4) : (Object) (dblSum / count);
      default -> value;
    };
  }
}
