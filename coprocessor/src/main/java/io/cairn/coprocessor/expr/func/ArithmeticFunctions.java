package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code + - * / DIV % } and unary minus with MySQL typing: integers stay BIGINT (UNSIGNED if an
 * operand is unsigned; for {@code %} if the dividend is) and overflow with error 1690; any decimal
 * operand makes a DECIMAL (scale max(s1,s2) for + - %, s1+s2 for *, s1+div_precision_increment for
 * /); a double or a string operand makes a DOUBLE. {@code /} of integers is DECIMAL. Temporal
 * operands act as their number form (YYYYMMDD…), DECIMAL when they have fractional seconds.
 * Division and modulo by zero give NULL (see {@link EvalContext#divisionByZero}).
 */
final class ArithmeticFunctions {
  private ArithmeticFunctions() {}

  enum Kind {
    INT,
    DECIMAL,
    REAL
  }

  static Kind kind(FieldType t) {
    if (t.isNullType()) {
      return Kind.INT;
    }
    return switch (t.evalType()) {
      case INT -> Kind.INT;
      case DECIMAL -> Kind.DECIMAL;
      case REAL, STRING, JSON -> Kind.REAL;
      case DATETIME, DURATION -> t.fsp() > 0 ? Kind.DECIMAL : Kind.INT;
    };
  }

  static int scale(FieldType t) {
    return switch (kind(t)) {
      case DECIMAL -> t.evalType().isTemporal() ? t.fsp() : Math.max(0, t.decimal());
      default -> 0;
    };
  }

  static int precision(FieldType t) {
    if (t.evalType() == EvalType.DECIMAL && t.flen() > 0) {
      return t.flen();
    }
    if (t.evalType().isTemporal()) {
      return 14 + t.fsp();
    }
    return 20;
  }

  /** Decimals a DOUBLE result shows: fixed only while every operand's are (PI() + 0.0 → 6). */
  static int realDecimals(FieldType t) {
    if (t.evalType() == EvalType.STRING || t.evalType() == EvalType.JSON || t.isNullType()) {
      return FieldType.NOT_FIXED_DEC;
    }
    return t.evalType().isTemporal() ? t.fsp() : Math.min(t.decimal(), FieldType.NOT_FIXED_DEC);
  }

  static Kind combine(Kind a, Kind b) {
    return a == Kind.REAL || b == Kind.REAL ? Kind.REAL : a == Kind.DECIMAL || b == Kind.DECIMAL ? Kind.DECIMAL : Kind.INT;
  }

  static void register(Map<FuncId, FunctionDef> m, int divPrecisionIncrement) {
    m.put(FuncId.PLUS, new Def("+", 2, 2, a -> binaryType(FuncId.PLUS, a, divPrecisionIncrement), (a, r) -> bindBinary(FuncId.PLUS, a, r, divPrecisionIncrement)));
    m.put(FuncId.MINUS, new Def("-", 2, 2, a -> binaryType(FuncId.MINUS, a, divPrecisionIncrement), (a, r) -> bindBinary(FuncId.MINUS, a, r, divPrecisionIncrement)));
    m.put(FuncId.MUL, new Def("*", 2, 2, a -> binaryType(FuncId.MUL, a, divPrecisionIncrement), (a, r) -> bindBinary(FuncId.MUL, a, r, divPrecisionIncrement)));
    m.put(FuncId.DIVIDE, new Def("/", 2, 2, a -> binaryType(FuncId.DIVIDE, a, divPrecisionIncrement), (a, r) -> bindBinary(FuncId.DIVIDE, a, r, divPrecisionIncrement)));
    m.put(FuncId.MOD, new Def("%", 2, 2, a -> binaryType(FuncId.MOD, a, divPrecisionIncrement), (a, r) -> bindBinary(FuncId.MOD, a, r, divPrecisionIncrement)));
    m.put(FuncId.INT_DIV, new Def("DIV", 2, 2, a -> a.get(0).type().isUnsigned() || a.get(1).type().isUnsigned()
        ? FieldType.unsignedBigint() : FieldType.bigint(), ArithmeticFunctions::bindIntDiv));
    m.put(FuncId.UNARY_MINUS, new Def("-", 1, 1, ArithmeticFunctions::negType, ArithmeticFunctions::bindNeg));
  }

  static FieldType binaryType(FuncId id, List<Expr> args, int incr) {
    FieldType a = args.get(0).type();
    FieldType b = args.get(1).type();
    Kind k = combine(kind(a), kind(b));
    if (id == FuncId.DIVIDE && k == Kind.INT) {
      k = Kind.DECIMAL;
    }
    switch (k) {
      case REAL: {
        int d = Math.max(realDecimals(a), realDecimals(b));
        return id == FuncId.PLUS || id == FuncId.MINUS || id == FuncId.MUL
            ? FieldType.doubleType().withDecimal(d) : FieldType.doubleType();
      }
      case INT: {
        boolean unsigned = id == FuncId.MOD ? a.isUnsigned() : a.isUnsigned() || b.isUnsigned();
        return unsigned ? FieldType.unsignedBigint() : FieldType.bigint();
      }
      default: {
        int s1 = scale(a);
        int s2 = scale(b);
        int p1 = precision(a);
        int p2 = precision(b);
        int scale;
        int prec;
        switch (id) {
          case MUL -> {
            scale = Math.min(s1 + s2, FieldType.MAX_DECIMAL_SCALE);
            prec = p1 + p2;
          }
          case DIVIDE -> {
            scale = Math.min(s1 + incr, FieldType.MAX_DECIMAL_SCALE);
            prec = p1 - s1 + s2 + scale;
          }
          default -> {
            scale = Math.max(s1, s2);
            prec = Math.max(p1 - s1, p2 - s2) + 1 + scale;
          }
        }
        return FieldType.decimal(Math.min(prec, FieldType.MAX_DECIMAL_PRECISION), scale);
      }
    }
  }

  private static FunctionBody bindBinary(FuncId id, List<Expr> args, FieldType ret, int divIncrement) {
    Expr l = args.get(0);
    Expr r = args.get(1);
    // Built lazily for messages: the call node itself is created after binding.
    Supplier<String> text = () -> "(" + l.sql() + " " + id.sqlName() + " " + r.sql() + ")";
    return switch (ret.evalType()) {
      case INT -> {
        boolean lu = l.type().isUnsigned();
        boolean ru = r.type().isUnsigned();
        boolean resU = ret.isUnsigned();
        yield (row, ctx) -> {
          Long a = Args.integer(l, row, ctx);
          if (a == null) {
            return null;
          }
          Long b = Args.integer(r, row, ctx);
          if (b == null) {
            return null;
          }
          return intOp(id, a, lu, b, ru, resU, ctx, text);
        };
      }
      case DECIMAL -> (row, ctx) -> {
        BigDecimal a = Args.decimal(l, row, ctx);
        if (a == null) {
          return null;
        }
        BigDecimal b = Args.decimal(r, row, ctx);
        if (b == null) {
          return null;
        }
        return decimalOp(id, a, b, ret, divIncrement, ctx, text);
      };
      default -> (row, ctx) -> {
        Double a = Args.real(l, row, ctx);
        if (a == null) {
          return null;
        }
        Double b = Args.real(r, row, ctx);
        if (b == null) {
          return null;
        }
        return realOp(id, a, b, ctx, text);
      };
    };
  }

  static Object intOp(FuncId id, long a, boolean au, long b, boolean bu, boolean resU, EvalContext ctx,
      Supplier<String> text) {
    if (!resU && !au && !bu) {
      try {
        return switch (id) {
          case PLUS -> Math.addExact(a, b);
          case MINUS -> Math.subtractExact(a, b);
          case MUL -> Math.multiplyExact(a, b);
          case MOD -> {
            if (b == 0) {
              ctx.divisionByZero();
              yield null;
            }
            yield a % b;
          }
          default -> throw new IllegalStateException(id.name());
        };
      } catch (ArithmeticException e) {
        throw EvalException.outOfRange("BIGINT", text.get());
      }
    }
    BigInteger x = au ? new BigInteger(Long.toUnsignedString(a)) : BigInteger.valueOf(a);
    BigInteger y = bu ? new BigInteger(Long.toUnsignedString(b)) : BigInteger.valueOf(b);
    BigInteger z;
    switch (id) {
      case PLUS -> z = x.add(y);
      case MINUS -> z = x.subtract(y);
      case MUL -> z = x.multiply(y);
      case MOD -> {
        if (y.signum() == 0) {
          ctx.divisionByZero();
          return null;
        }
        z = x.abs().mod(y.abs());
        if (x.signum() < 0) {
          z = z.negate();
        }
      }
      default -> throw new IllegalStateException(id.name());
    }
    return fitInt(z, resU, text);
  }

  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger S64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger S64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  static long fitInt(BigInteger z, boolean unsigned, Supplier<String> text) {
    if (unsigned) {
      if (z.signum() < 0 || z.compareTo(U64_MAX) > 0) {
        throw EvalException.outOfRange("BIGINT UNSIGNED", text.get());
      }
      return z.longValue();
    }
    if (z.compareTo(S64_MIN) < 0 || z.compareTo(S64_MAX) > 0) {
      throw EvalException.outOfRange("BIGINT", text.get());
    }
    return z.longValue();
  }

  static BigDecimal decimalOp(FuncId id, BigDecimal a, BigDecimal b, FieldType ret, int divIncrement, EvalContext ctx,
      Supplier<String> text) {
    BigDecimal z;
    switch (id) {
      case PLUS -> z = a.add(b);
      case MINUS -> z = a.subtract(b);
      case MUL -> z = a.multiply(b);
      case DIVIDE -> {
        if (b.signum() == 0) {
          ctx.divisionByZero();
          return null;
        }
        z = Convert.divide(a, b, divIncrement);
      }
      case MOD -> {
        if (b.signum() == 0) {
          ctx.divisionByZero();
          return null;
        }
        z = a.remainder(b);
      }
      default -> throw new IllegalStateException(id.name());
    }
    if (z.scale() > FieldType.MAX_DECIMAL_SCALE && id != FuncId.DIVIDE) {
      z = z.setScale(FieldType.MAX_DECIMAL_SCALE, RoundingMode.HALF_UP);
    } else if (z.scale() < ret.decimal()) {
      z = z.setScale(ret.decimal());
    }
    if (z.precision() - z.scale() > FieldType.MAX_DECIMAL_PRECISION) {
      throw EvalException.outOfRange("DECIMAL", text.get());
    }
    return z;
  }

  static Double realOp(FuncId id, double a, double b, EvalContext ctx, Supplier<String> text) {
    double z;
    switch (id) {
      case PLUS -> z = a + b;
      case MINUS -> z = a - b;
      case MUL -> z = a * b;
      case DIVIDE -> {
        if (b == 0) {
          ctx.divisionByZero();
          return null;
        }
        z = a / b;
      }
      case MOD -> {
        if (b == 0) {
          ctx.divisionByZero();
          return null;
        }
        z = a % b;
      }
      default -> throw new IllegalStateException(id.name());
    }
    if (Double.isInfinite(z) || Double.isNaN(z)) {
      throw EvalException.outOfRange("DOUBLE", text.get());
    }
    return z == 0 ? 0.0 : z;
  }

  private static FunctionBody bindIntDiv(List<Expr> args, FieldType ret) {
    Expr l = args.get(0);
    Expr r = args.get(1);
    Supplier<String> text = () -> "(" + l.sql() + " DIV " + r.sql() + ")";
    boolean intArgs = kind(l.type()) == Kind.INT && kind(r.type()) == Kind.INT;
    boolean resU = ret.isUnsigned();
    if (intArgs) {
      boolean lu = l.type().isUnsigned();
      boolean ru = r.type().isUnsigned();
      return (row, ctx) -> {
        Long a = Args.integer(l, row, ctx);
        if (a == null) {
          return null;
        }
        Long b = Args.integer(r, row, ctx);
        if (b == null) {
          return null;
        }
        if (b == 0) {
          ctx.divisionByZero();
          return null;
        }
        if (!lu && !ru) {
          if (a == Long.MIN_VALUE && b == -1) {
            throw EvalException.outOfRange("BIGINT", text.get());
          }
          return a / b;
        }
        BigInteger x = lu ? new BigInteger(Long.toUnsignedString(a)) : BigInteger.valueOf(a);
        BigInteger y = ru ? new BigInteger(Long.toUnsignedString(b)) : BigInteger.valueOf(b);
        return fitInt(x.divide(y), resU, text);
      };
    }
    return (row, ctx) -> {
      BigDecimal a = Args.decimal(l, row, ctx);
      if (a == null) {
        return null;
      }
      BigDecimal b = Args.decimal(r, row, ctx);
      if (b == null) {
        return null;
      }
      if (b.signum() == 0) {
        ctx.divisionByZero();
        return null;
      }
      return fitInt(a.divide(b, 0, RoundingMode.DOWN).toBigInteger(), resU, text);
    };
  }

  private static FieldType negType(List<Expr> args) {
    FieldType t = args.get(0).type();
    return switch (kind(t)) {
      case INT -> FieldType.bigint();
      case DECIMAL -> FieldType.decimal(precision(t), scale(t));
      case REAL -> FieldType.doubleType();
    };
  }

  private static FunctionBody bindNeg(List<Expr> args, FieldType ret) {
    Expr x = args.get(0);
    Supplier<String> text = () -> "-(" + x.sql() + ")";
    boolean unsigned = x.type().isUnsigned();
    return switch (ret.evalType()) {
      case INT -> (row, ctx) -> {
        Long a = Args.integer(x, row, ctx);
        if (a == null) {
          return null;
        }
        if (unsigned) {
          if (a < 0 && a != Long.MIN_VALUE) {
            throw EvalException.outOfRange("BIGINT", text.get());
          }
          return a == Long.MIN_VALUE ? Long.MIN_VALUE : -a;
        }
        if (a == Long.MIN_VALUE) {
          throw EvalException.outOfRange("BIGINT", text.get());
        }
        return -a;
      };
      case DECIMAL -> (row, ctx) -> {
        BigDecimal a = Args.decimal(x, row, ctx);
        return a == null ? null : a.negate();
      };
      default -> (row, ctx) -> {
        Double a = Args.real(x, row, ctx);
        return a == null ? null : (a == 0 ? 0.0 : -a);
      };
    };
  }

}
