package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.ColumnRef;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.func.Comparator;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.Convert;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * MySQL's aggregate functions in two phases. The storage node runs the <em>partial</em> form per
 * region; the root <em>merges</em> the partial rows of all regions into final values:
 *
 * <table>
 *   <caption>phases</caption>
 *   <tr><th>kind</th><th>partial output</th><th>merge → final</th></tr>
 *   <tr><td>COUNT</td><td>BIGINT count of non-NULL values</td><td>sum of counts (0 if none)</td></tr>
 *   <tr><td>SUM</td><td>{@link #sumType}: DECIMAL for INT/DECIMAL arguments, DOUBLE otherwise;
 *       NULL if no non-NULL value</td><td>sum of sums</td></tr>
 *   <tr><td>AVG</td><td>(sum as SUM, BIGINT count)</td><td>sum / count: DECIMAL with the
 *       argument's scale + div_precision_increment (MySQL), or DOUBLE; NULL if count is 0</td></tr>
 *   <tr><td>MIN, MAX</td><td>extreme non-NULL value by MySQL comparison (collation-aware)</td>
 *       <td>extreme of extremes</td></tr>
 *   <tr><td>FIRST</td><td>the first row's value (NULL included)</td><td>the first partial
 *       value</td></tr>
 * </table>
 *
 * Stateless and thread-safe.
 */
public final class AggFunctions {

  /** The aggregate kinds. */
  public enum Kind {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX,
    FIRST
  }

  private final int divPrecisionIncrement;

  /** @param divPrecisionIncrement the session's div_precision_increment (MySQL default 4) */
  public AggFunctions(int divPrecisionIncrement) {
    this.divPrecisionIncrement = divPrecisionIncrement;
  }

  public AggFunctions() {
    this(4);
  }

  public static FieldType countType() {
    return new FieldType(MysqlType.LONGLONG, FieldType.NOT_NULL_FLAG, 21, 0, null, null);
  }

  /** SUM's type: DECIMAL(min(flen + 21, 65), scale) for exact arguments, DOUBLE otherwise. */
  public static FieldType sumType(FieldType arg) {
    EvalType e = arg.evalType();
    if (e == EvalType.INT || e == EvalType.DECIMAL) {
      int scale = e == EvalType.INT ? 0 : Math.max(0, Math.min(arg.decimal(), FieldType.MAX_DECIMAL_SCALE));
      int flen = arg.flen() <= 0 ? FieldType.MAX_DECIMAL_PRECISION
          : Math.min(arg.flen() + 21, FieldType.MAX_DECIMAL_PRECISION);
      return FieldType.decimal(Math.max(flen, scale + 1), scale);
    }
    if (e.isTemporal()) {
      return FieldType.decimal(FieldType.MAX_DECIMAL_PRECISION, arg.fsp());
    }
    return FieldType.doubleType();
  }

  /**
   * AVG's final type: for exact arguments DECIMAL with the SUM type's scale and precision each
   * raised by div_precision_increment (MySQL's AVG scale), otherwise DOUBLE.
   */
  public FieldType avgType(FieldType arg) {
    return avgTypeOfSum(sumType(arg));
  }

  private FieldType avgTypeOfSum(FieldType sum) {
    if (sum.evalType() != EvalType.DECIMAL) {
      return FieldType.doubleType();
    }
    return FieldType.decimal(
        Math.min(sum.flen() + divPrecisionIncrement, FieldType.MAX_DECIMAL_PRECISION),
        Math.min(sum.decimal() + divPrecisionIncrement, FieldType.MAX_DECIMAL_SCALE));
  }

  /** The final result type of {@code kind} over an argument of type {@code arg}. */
  public FieldType resultType(Kind kind, FieldType arg) {
    return switch (kind) {
      case COUNT -> countType();
      case SUM -> sumType(arg);
      case AVG -> avgType(arg);
      case MIN, MAX, FIRST -> arg.withFlags(arg.flags() & ~FieldType.NOT_NULL_FLAG);
    };
  }

  /** The partial form of {@code kind} over {@code arg}. */
  public AggFunction partial(Kind kind, Expr arg) {
    return switch (kind) {
      case COUNT -> new Count(arg);
      case SUM -> new Sum(arg, sumType(arg.type()), false);
      case AVG -> new Sum(arg, sumType(arg.type()), true);
      case MIN -> new Extreme(arg, false);
      case MAX -> new Extreme(arg, true);
      case FIRST -> new First(arg);
    };
  }

  /**
   * The merging form of {@code kind} over the partial results in the input columns starting at
   * {@code column} (two columns, sum then count, for AVG), whose types are {@code partialTypes}.
   */
  public AggFunction merge(Kind kind, int column, List<FieldType> partialTypes) {
    ColumnRef first = new ColumnRef(column, partialTypes.get(0), "partial" + column);
    return switch (kind) {
      case COUNT -> new CountMerge(first);
      case SUM -> new Sum(first, first.type(), false);
      case AVG -> new AvgFinal(first, new ColumnRef(column + 1, partialTypes.get(1), "count"));
      case MIN -> new Extreme(first, false);
      case MAX -> new Extreme(first, true);
      case FIRST -> new First(first);
    };
  }

  private record Count(Expr arg) implements AggFunction {
    @Override
    public List<FieldType> outputTypes() {
      return List.of(countType());
    }

    @Override
    public State newState() {
      return new State() {
        long n;

        @Override
        public void update(Row row, EvalContext ctx) {
          if (arg.eval(row, ctx) != null) {
            n++;
          }
        }

        @Override
        public void emit(Object[] out, int at, EvalContext ctx) {
          out[at] = n;
        }
      };
    }
  }

  private record CountMerge(Expr partialCount) implements AggFunction {
    @Override
    public List<FieldType> outputTypes() {
      return List.of(countType());
    }

    @Override
    public State newState() {
      return new State() {
        long n;

        @Override
        public void update(Row row, EvalContext ctx) {
          Object v = partialCount.eval(row, ctx);
          if (v != null) {
            n += (Long) v;
          }
        }

        @Override
        public void emit(Object[] out, int at, EvalContext ctx) {
          out[at] = n;
        }
      };
    }
  }

  /** SUM, and a partial AVG that also counts. */
  private record Sum(Expr arg, FieldType type, boolean withCount) implements AggFunction {
    @Override
    public List<FieldType> outputTypes() {
      return withCount ? List.of(type, countType()) : List.of(type);
    }

    @Override
    public State newState() {
      boolean decimal = type.evalType() == EvalType.DECIMAL;
      boolean unsigned = arg.type().isUnsigned();
      return new State() {
        BigDecimal dec;
        double dbl;
        long n;

        @Override
        public void update(Row row, EvalContext ctx) {
          Object v = arg.eval(row, ctx);
          if (v == null) {
            return;
          }
          if (decimal) {
            BigDecimal d = Convert.toDecimal(v, unsigned, ctx);
            dec = dec == null ? d : dec.add(d);
          } else {
            dbl += Convert.toDouble(v, unsigned, ctx);
          }
          n++;
        }

        @Override
        public void emit(Object[] out, int at, EvalContext ctx) {
          out[at] = n == 0 ? null : decimal ? dec : (Object) dbl;
          if (withCount) {
            out[at + 1] = n;
          }
        }
      };
    }
  }

  private final class AvgFinal implements AggFunction {
    private final Expr sum;
    private final Expr count;
    private final FieldType type;

    AvgFinal(Expr sum, Expr count) {
      this.sum = sum;
      this.count = count;
      this.type = avgTypeOfSum(sum.type());
    }

    @Override
    public List<FieldType> outputTypes() {
      return List.of(type);
    }

    @Override
    public State newState() {
      boolean decimal = type.evalType() == EvalType.DECIMAL;
      return new State() {
        BigDecimal dec = BigDecimal.ZERO;
        double dbl;
        long n;

        @Override
        public void update(Row row, EvalContext ctx) {
          Object s = sum.eval(row, ctx);
          Object c = count.eval(row, ctx);
          if (s == null || c == null) {
            return;
          }
          if (decimal) {
            dec = dec.add(Convert.toDecimal(s, false, ctx));
          } else {
            dbl += Convert.toDouble(s, false, ctx);
          }
          n += (Long) c;
        }

        @Override
        public void emit(Object[] out, int at, EvalContext ctx) {
          if (n == 0) {
            out[at] = null;
          } else if (decimal) {
            out[at] = Convert.divide(dec, BigDecimal.valueOf(n), divPrecisionIncrement)
                .setScale(type.decimal(), RoundingMode.HALF_UP);
          } else {
            out[at] = dbl / n;
          }
        }
      };
    }
  }

  private record Extreme(Expr arg, boolean max) implements AggFunction {
    @Override
    public List<FieldType> outputTypes() {
      return List.of(arg.type().withFlags(arg.type().flags() & ~FieldType.NOT_NULL_FLAG));
    }

    @Override
    public State newState() {
      Comparator cmp = Comparator.of(arg.type(), arg.type());
      return new State() {
        Object best;

        @Override
        public void update(Row row, EvalContext ctx) {
          Object v = arg.eval(row, ctx);
          if (v == null) {
            return;
          }
          if (best == null) {
            best = v;
          } else {
            int c = cmp.compare(v, best, ctx);
            if (max ? c > 0 : c < 0) {
              best = v;
            }
          }
        }

        @Override
        public void emit(Object[] out, int at, EvalContext ctx) {
          out[at] = best;
        }
      };
    }
  }

  private record First(Expr arg) implements AggFunction {
    @Override
    public List<FieldType> outputTypes() {
      return List.of(arg.type().withFlags(arg.type().flags() & ~FieldType.NOT_NULL_FLAG));
    }

    @Override
    public State newState() {
      return new State() {
        boolean seen;
        Object value;

        @Override
        public void update(Row row, EvalContext ctx) {
          if (!seen) {
            seen = true;
            value = arg.eval(row, ctx);
          }
        }

        @Override
        public void emit(Object[] out, int at, EvalContext ctx) {
          out[at] = value;
        }
      };
    }
  }
}
