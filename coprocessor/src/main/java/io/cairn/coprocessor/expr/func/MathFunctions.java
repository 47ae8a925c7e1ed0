package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.Constant;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.ScalarFunction;
import io.cairn.coprocessor.expr.types.FieldType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Math functions. ABS/CEIL/FLOOR/ROUND/TRUNCATE/SIGN keep integer and decimal arguments exact
 * (decimals round half up); doubles round half to even (MySQL uses the C library's rint). The
 * transcendental functions work in DOUBLE; LN/LOG of a non-positive number is NULL with warning
 * 3020 "Invalid argument for logarithm" (MySQL 8; MariaDB returns NULL silently), SQRT of a
 * negative number is NULL.
 */
final class MathFunctions {
  private MathFunctions() {}

  static void register(Map<FuncId, FunctionDef> m) {
    m.put(FuncId.ABS, new Def("abs", 1, 1, a -> numericSame(a.get(0).type()), (args, ret) -> {
      Expr x = args.get(0);
      boolean unsigned = x.type().isUnsigned();
      return switch (ret.evalType()) {
        case INT -> (row, ctx) -> {
          Long v = Args.integer(x, row, ctx);
          if (v == null) {
            return null;
          }
          if (unsigned || v >= 0) {
            return v;
          }
          if (v == Long.MIN_VALUE) {
            throw EvalException.outOfRange("BIGINT", "abs(" + x.sql() + ")");
          }
          return -v;
        };
        case DECIMAL -> (row, ctx) -> {
          BigDecimal v = Args.decimal(x, row, ctx);
          return v == null ? null : v.abs();
        };
        default -> real1(x, Math::abs);
      };
    }));
    m.put(FuncId.CEIL, new Def("ceiling", 1, 1, a -> intOrSame(a.get(0).type()), (args, ret) -> roundingToInt(args.get(0), ret, RoundingMode.CEILING)));
    m.put(FuncId.FLOOR, new Def("floor", 1, 1, a -> intOrSame(a.get(0).type()), (args, ret) -> roundingToInt(args.get(0), ret, RoundingMode.FLOOR)));
    m.put(FuncId.ROUND, new Def("round", 1, 2, MathFunctions::roundType, (args, ret) -> bindRound(args, ret, false)));
    m.put(FuncId.TRUNCATE, new Def("truncate", 2, 2, MathFunctions::roundType, (args, ret) -> bindRound(args, ret, true)));
    m.put(FuncId.SIGN, new Def("sign", 1, 1, a -> FieldType.bigint(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        Object v = x.eval(row, ctx);
        if (v == null) {
          return null;
        }
        if (v instanceof Long l) {
          return x.type().isUnsigned() ? (l == 0 ? 0L : 1L) : (long) Long.signum(l);
        }
        if (v instanceof BigDecimal bd) {
          return (long) bd.signum();
        }
        return (long) Math.signum(Args.real(x, row, ctx));
      };
    }));
    m.put(FuncId.PI, new Def("pi", 0, 0, a -> FieldType.doubleType().withDecimal(6), (args, ret) -> (row, ctx) -> Math.PI));
    m.put(FuncId.SQRT, realFn("sqrt", v -> v < 0 ? Double.NaN : Math.sqrt(v)));
    m.put(FuncId.EXP, new Def("exp", 1, 1, a -> FieldType.doubleType(), (args, ret) -> {
      Expr x = args.get(0);
      return (row, ctx) -> {
        Double v = Args.real(x, row, ctx);
        if (v == null) {
          return null;
        }
        double r = Math.exp(v);
        if (Double.isInfinite(r)) {
          throw EvalException.outOfRange("DOUBLE", "exp(" + x.sql() + ")");
        }
        return r;
      };
    }));
    m.put(FuncId.POW, new Def("pow", 2, 2, a -> FieldType.doubleType(), (args, ret) -> {
      Expr x = args.get(0);
      Expr y = args.get(1);
      return (row, ctx) -> {
        Double a = Args.real(x, row, ctx);
        Double b = Args.real(y, row, ctx);
        if (a == null || b == null) {
          return null;
        }
        double r = Math.pow(a, b);
        if (Double.isInfinite(r) || Double.isNaN(r)) {
          throw EvalException.outOfRange("DOUBLE", "pow(" + x.sql() + "," + y.sql() + ")");
        }
        return r;
      };
    }));
    m.put(FuncId.LN, log("ln", Math::log));
    m.put(FuncId.LOG10, log("log10", Math::log10));
    m.put(FuncId.LOG2, log("log2", v -> Math.log(v) / Math.log(2)));
    m.put(FuncId.LOG, new Def("log", 1, 2, a -> FieldType.doubleType(), (args, ret) -> {
      if (args.size() == 1) {
        return bindLog(args.get(0), Math::log);
      }
      Expr base = args.get(0);
      Expr x = args.get(1);
      return (row, ctx) -> {
        Double b = Args.real(base, row, ctx);
        Double v = Args.real(x, row, ctx);
        if (b == null || v == null) {
          return null;
        }
        if (v <= 0 || b <= 0 || b == 1) {
          return invalidLog(ctx);
        }
        return Math.log(v) / Math.log(b);
      };
    }));
  }

  private static Object invalidLog(EvalContext ctx) {
    ctx.warn(3020, "Invalid argument for logarithm");
    return null;
  }

  private static Def log(String name, DoubleUnaryOperator f) {
    return new Def(name, 1, 1, a -> FieldType.doubleType(), (args, ret) -> bindLog(args.get(0), f));
  }

  private static FunctionBody bindLog(Expr x, DoubleUnaryOperator f) {
    return (row, ctx) -> {
      Double v = Args.real(x, row, ctx);
      if (v == null) {
        return null;
      }
      if (v <= 0) {
        return invalidLog(ctx);
      }
      return f.applyAsDouble(v);
    };
  }

  private static Def realFn(String name, DoubleUnaryOperator f) {
    return new Def(name, 1, 1, a -> FieldType.doubleType(), (args, ret) -> real1(args.get(0), f));
  }

  private static FunctionBody real1(Expr x, DoubleUnaryOperator f) {
    return (row, ctx) -> {
      Double v = Args.real(x, row, ctx);
      if (v == null) {
        return null;
      }
      double r = f.applyAsDouble(v);
      return Double.isNaN(r) ? null : r;
    };
  }

  private static FieldType numericSame(FieldType t) {
    return switch (ArithmeticFunctions.kind(t)) {
      case INT -> t.isUnsigned() ? FieldType.unsignedBigint() : FieldType.bigint();
      case DECIMAL -> FieldType.decimal(ArithmeticFunctions.precision(t), ArithmeticFunctions.scale(t));
      case REAL -> FieldType.doubleType();
    };
  }

  /** CEIL/FLOOR: BIGINT for integers and for decimals whose integer part fits, else same kind. */
  private static FieldType intOrSame(FieldType t) {
    return switch (ArithmeticFunctions.kind(t)) {
      case INT -> t.isUnsigned() ? FieldType.unsignedBigint() : FieldType.bigint();
      case DECIMAL -> {
        int intDigits = ArithmeticFunctions.precision(t) - ArithmeticFunctions.scale(t);
        yield intDigits < 18 ? FieldType.bigint() : FieldType.decimal(intDigits + 1, 0);
      }
      case REAL -> FieldType.doubleType();
    };
  }

  private static FunctionBody roundingToInt(Expr x, FieldType ret, RoundingMode mode) {
    return switch (ret.evalType()) {
      case INT -> ArithmeticFunctions.kind(x.type()) == ArithmeticFunctions.Kind.INT
          ? (row, ctx) -> Args.integer(x, row, ctx)
          : (row, ctx) -> {
            BigDecimal v = Args.decimal(x, row, ctx);
            return v == null ? null : v.setScale(0, mode).longValueExact();
          };
      case DECIMAL -> (row, ctx) -> {
        BigDecimal v = Args.decimal(x, row, ctx);
        return v == null ? null : v.setScale(0, mode);
      };
      default -> real1(x, mode == RoundingMode.CEILING ? Math::ceil : Math::floor);
    };
  }

  private static FieldType roundType(List<Expr> args) {
    FieldType t = args.get(0).type();
    Integer d = constantDigits(args);
    return switch (ArithmeticFunctions.kind(t)) {
      case INT -> t.isUnsigned() ? FieldType.unsignedBigint() : FieldType.bigint();
      case DECIMAL -> {
        int s = ArithmeticFunctions.scale(t);
        int scale = d == null ? s : Math.max(0, Math.min(d, FieldType.MAX_DECIMAL_SCALE));
        int intDigits = ArithmeticFunctions.precision(t) - s + 1;
        yield FieldType.decimal(Math.min(FieldType.MAX_DECIMAL_PRECISION, intDigits + scale), scale);
      }
      case REAL -> FieldType.doubleType();
    };
  }

  private static Integer constantDigits(List<Expr> args) {
    if (args.size() < 2) {
      return 0;
    }
    Expr d = args.get(1);
    boolean negate = false;
    if (d instanceof ScalarFunction f && f.id() == FuncId.UNARY_MINUS) {
      d = f.arg(0);
      negate = true;
    }
    if (d instanceof Constant c && c.value() instanceof Long l) {
      return (int) Math.max(-100, Math.min(100, negate ? -l : l));
    }
    return null;
  }

  private static FunctionBody bindRound(List<Expr> args, FieldType ret, boolean truncate) {
    Expr x = args.get(0);
    Expr dExpr = args.size() > 1 ? args.get(1) : null;
    RoundingMode decMode = truncate ? RoundingMode.DOWN : RoundingMode.HALF_UP;
    String text = (truncate ? "truncate(" : "round(") + x.sql() + (dExpr == null ? "" : "," + dExpr.sql()) + ")";
    return (row, ctx) -> {
      Object v = x.eval(row, ctx);
      long d = 0;
      if (dExpr != null) {
        Long dv = Args.integer(dExpr, row, ctx);
        if (dv == null) {
          return null;
        }
        d = Math.max(-100, Math.min(100, dv));
      }
      if (v == null) {
        return null;
      }
      switch (ret.evalType()) {
        case INT -> {
          long l = v instanceof Long lv ? lv : Args.integer(x, row, ctx);
          if (d >= 0) {
            return l;
          }
          BigDecimal r = (x.type().isUnsigned() ? new BigDecimal(Long.toUnsignedString(l)) : BigDecimal.valueOf(l))
              .setScale((int) d, decMode);
          return d < -19 ? 0L : ArithmeticFunctions.fitInt(r.toBigInteger(), ret.isUnsigned(), () -> text);
        }
        case DECIMAL -> {
          BigDecimal bd = Args.decimal(x, row, ctx);
          BigDecimal r = bd.setScale((int) Math.min(d, FieldType.MAX_DECIMAL_SCALE), decMode);
          return r.setScale(ret.decimal(), RoundingMode.UNNECESSARY);
        }
        default -> {
          double dv = Args.real(x, row, ctx);
          return roundDouble(dv, (int) d, truncate);
        }
      }
    };
  }

  static double roundDouble(double v, int d, boolean truncate) {
    if (Double.isInfinite(v) || Double.isNaN(v)) {
      return v;
    }
    double scale = Math.pow(10, Math.abs(d));
    double r;
    if (d >= 0) {
      double t = v * scale;
      if (Double.isInfinite(t)) {
        return v;
      }
      r = truncate ? (t < 0 ? Math.ceil(t) : Math.floor(t)) / scale : Math.rint(t) / scale;
    } else {
      double t = v / scale;
      r = truncate ? (t < 0 ? Math.ceil(t) : Math.floor(t)) * scale : Math.rint(t) * scale;
    }
    return r == 0 ? 0.0 : r;
  }

}
