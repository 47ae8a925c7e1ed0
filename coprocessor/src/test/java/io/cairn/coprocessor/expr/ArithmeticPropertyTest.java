package io.cairn.coprocessor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded properties of integer and decimal arithmetic against BigInteger/BigDecimal references:
 * every result is exact or the operation fails with 1690 exactly when the exact result leaves the
 * result type's range; comparisons of mixed signed/unsigned values agree with BigInteger order;
 * doubles print and parse back to themselves. Every failure names its seed.
 */
class ArithmeticPropertyTest {
  private static final BigInteger S_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger S_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger U_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final ExprBuilder b = new ExprBuilder();

  /** Longs biased towards the edges where overflow and sign handling live. */
  private static long edgeLong(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> r.nextLong();
      case 1 -> r.nextInt(2001) - 1000;
      case 2 -> Long.MAX_VALUE - r.nextInt(3);
      case 3 -> Long.MIN_VALUE + r.nextInt(3);
      case 4 -> (long) r.nextInt() * (r.nextBoolean() ? 1 : -1);
      default -> -1L - r.nextInt(3);
    };
  }

  private static BigInteger big(long v, boolean unsigned) {
    return unsigned ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void integerArithmeticIsExactOrOverflows(long seed) {
    Random r = new Random(seed);
    EvalContext ctx = ExprTesting.selectContext();
    FuncId[] ops = {FuncId.PLUS, FuncId.MINUS, FuncId.MUL, FuncId.INT_DIV, FuncId.MOD};
    for (int i = 0; i < 1500; i++) {
      boolean au = r.nextBoolean();
      boolean bu = r.nextBoolean();
      FieldType ta = au ? FieldType.unsignedBigint() : FieldType.bigint();
      FieldType tb = bu ? FieldType.unsignedBigint() : FieldType.bigint();
      long a = edgeLong(r);
      long bv = edgeLong(r);
      FuncId op = ops[r.nextInt(ops.length)];
      Expr e = b.call(op, b.column(0, ta), b.column(1, tb));
      BigInteger x = big(a, au);
      BigInteger y = big(bv, bu);
      String what = String.format("seed %d: %s %s %s (unsigned %b/%b)", seed, x, op, y, au, bu);
      if ((op == FuncId.INT_DIV || op == FuncId.MOD) && y.signum() == 0) {
        assertThat(e.eval(Row.of(a, bv), ctx)).as(what).isNull();
        continue;
      }
      BigInteger exact = switch (op) {
        case PLUS -> x.add(y);
        case MINUS -> x.subtract(y);
        case MUL -> x.multiply(y);
        case INT_DIV -> x.divide(y);
        default -> x.abs().mod(y.abs()).multiply(BigInteger.valueOf(x.signum() < 0 ? -1 : 1));
      };
      boolean unsignedResult = e.type().isUnsigned();
      boolean fits = unsignedResult
          ? exact.signum() >= 0 && exact.compareTo(U_MAX) <= 0
          : exact.compareTo(S_MIN) >= 0 && exact.compareTo(S_MAX) <= 0;
      if (fits) {
        Object v = e.eval(Row.of(a, bv), ctx);
        assertThat(big((Long) v, unsignedResult)).as(what).isEqualTo(exact);
      } else {
        assertThatThrownBy(() -> e.eval(Row.of(a, bv), ctx)).as(what)
            .isInstanceOfSatisfying(EvalException.class, ex -> assertThat(ex.errno()).isEqualTo(1690));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14})
  void mixedSignComparisonsFollowMathematicalOrder(long seed) {
    Random r = new Random(seed);
    EvalContext ctx = ExprTesting.selectContext();
    for (int i = 0; i < 1500; i++) {
      boolean au = r.nextBoolean();
      boolean bu = r.nextBoolean();
      long a = edgeLong(r);
      long bv = r.nextInt(4) == 0 ? a : edgeLong(r);
      FieldType ta = au ? FieldType.unsignedBigint() : FieldType.bigint();
      FieldType tb = bu ? FieldType.unsignedBigint() : FieldType.bigint();
      int expected = Integer.signum(big(a, au).compareTo(big(bv, bu)));
      Expr lt = b.call(FuncId.LT, b.column(0, ta), b.column(1, tb));
      Expr eq = b.call(FuncId.EQ, b.column(0, ta), b.column(1, tb));
      String what = String.format("seed %d: %s vs %s", seed, big(a, au), big(bv, bu));
      assertThat(lt.eval(Row.of(a, bv), ctx)).as(what).isEqualTo(expected < 0 ? 1L : 0L);
      assertThat(eq.eval(Row.of(a, bv), ctx)).as(what).isEqualTo(expected == 0 ? 1L : 0L);
    }
  }

  private static BigDecimal randomDecimal(Random r) {
    BigInteger unscaled = new BigInteger(1 + r.nextInt(120), r);
    if (r.nextBoolean()) {
      unscaled = unscaled.negate();
    }
    return new BigDecimal(unscaled, r.nextInt(12));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void decimalArithmeticMatchesBigDecimal(long seed) {
    Random r = new Random(seed);
    EvalContext ctx = ExprTesting.selectContext();
    for (int i = 0; i < 1000; i++) {
      BigDecimal x = randomDecimal(r);
      BigDecimal y = randomDecimal(r);
      FuncId op = List.of(FuncId.PLUS, FuncId.MINUS, FuncId.MUL).get(r.nextInt(3));
      Expr e = b.call(op, b.decimalLiteral(x), b.decimalLiteral(y));
      BigDecimal exact = switch (op) {
        case PLUS -> x.add(y);
        case MINUS -> x.subtract(y);
        default -> x.multiply(y);
      };
      String what = String.format("seed %d: %s %s %s", seed, x, op, y);
      if (exact.precision() - exact.scale() > FieldType.MAX_DECIMAL_PRECISION) {
        assertThatThrownBy(() -> e.eval(Row.of(), ctx)).as(what).isInstanceOf(EvalException.class);
      } else {
        Object v = e.eval(Row.of(), ctx);
        assertThat(((BigDecimal) v).compareTo(exact)).as(what + " = " + v).isZero();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32, 33})
  void doublesPrintAndParseBack(long seed) {
    Random r = new Random(seed);
    EvalContext ctx = ExprTesting.selectContext();
    for (int i = 0; i < 2000; i++) {
      double d = switch (r.nextInt(3)) {
        case 0 -> Double.longBitsToDouble(r.nextLong());
        case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        default -> (double) r.nextInt(100000) / 1000;
      };
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String s = Convert.formatDouble(d);
      double back = Convert.parseDouble(s, ctx);
      if (back != d && !(d == 0 && back == 0)) {
        fail("seed %d: %s printed as %s parsed back as %s", seed, d, s, back);
      }
    }
    assertThat(ctx.warnings()).as("seed %d", seed).isEmpty();
  }
}
