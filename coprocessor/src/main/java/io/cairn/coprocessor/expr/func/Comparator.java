package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.coprocessor.expr.value.Temporal;
import java.math.BigDecimal;
import java.util.List;

/**
 * A comparison of values of two fixed field types under one {@link Types.CmpKind} and collation,
 * chosen once at bind time. {@link #compare} returns null when either side is NULL; a value that
 * does not convert to the comparison type (e.g. 'abc' against a DATE) raises its warning and
 * compares as the zero value, so DATE '2020-01-01' > 'abc' holds.
 */
public final class Comparator {
  private final Types.CmpKind kind;
  private final Collation collation;
  private final boolean leftUnsigned;
  private final boolean rightUnsigned;
  private final FieldType left;
  private final FieldType right;
  private final boolean shownDecimals;

  public Comparator(Types.CmpKind kind, Collation collation, FieldType left, FieldType right) {
    this(kind, collation, left, right, true);
  }

  /**
   * @param shownDecimals compare DECIMAL operands as their types show them (rounded to the
   *     declared scale), as MySQL's comparison operators, IN and NULLIF do; BETWEEN compares the
   *     full values (checked on MariaDB 10.11: 1/3 = 0.3333 holds, 2/3 BETWEEN 0.6667 AND 1 does
   *     not)
   */
  public Comparator(
      Types.CmpKind kind, Collation collation, FieldType left, FieldType right, boolean shownDecimals) {
    this.shownDecimals = shownDecimals;
    this.kind = kind;
    this.collation = collation;
    this.leftUnsigned = left.isUnsigned();
    this.rightUnsigned = right.isUnsigned();
    this.left = left;
    this.right = right;
  }

  private static final MysqlTime ZERO_DATETIME = new MysqlTime(0, 0, 0, 0, 0, 0, 0, MysqlType.DATETIME, 0);
  private static final MysqlDuration ZERO_DURATION = new MysqlDuration(0, 0);

  /** A value that does not convert (after its warning) compares as zero, as in MySQL. */
  private static MysqlTime orZero(MysqlTime t) {
    return t == null ? ZERO_DATETIME : t;
  }

  public static Comparator of(FieldType a, FieldType b) {
    return of(a, b, true);
  }

  public static Comparator of(FieldType a, FieldType b, boolean shownDecimals) {
    Types.CmpKind kind = Types.compareKind(a, b);
    Collation coll = kind == Types.CmpKind.STRING
        ? Types.aggregateCollation(List.of(a, b)).collation()
        : Collation.BINARY;
    return new Comparator(kind, coll, a, b, shownDecimals);
  }

  public Types.CmpKind kind() {
    return kind;
  }

  public Collation collation() {
    return collation;
  }

  public Integer compare(Object a, Object b, EvalContext ctx) {
    if (a == null || b == null) {
      return null;
    }
    switch (kind) {
      case INT -> {
        long x = a instanceof Long l ? l : Convert.toLong(a, leftUnsigned, false, ctx);
        long y = b instanceof Long l ? l : Convert.toLong(b, rightUnsigned, false, ctx);
        return compareInts(x, leftUnsigned, y, rightUnsigned);
      }
      case REAL -> {
        double x = Convert.toDouble(a, leftUnsigned, ctx);
        double y = Convert.toDouble(b, rightUnsigned, ctx);
        return x < y ? -1 : x > y ? 1 : 0;
      }
      case DECIMAL -> {
        // A quotient carries more digits than its type shows; comparisons see the shown value.
        BigDecimal x = Convert.presentDecimal(Convert.toDecimal(a, leftUnsigned, ctx), scaleOf(left));
        BigDecimal y = Convert.presentDecimal(Convert.toDecimal(b, rightUnsigned, ctx), scaleOf(right));
        return Integer.signum(x.compareTo(y));
      }
      case STRING -> {
        return collation.compare(Convert.toStr(a, left), Convert.toStr(b, right));
      }
      case DATETIME -> {
        MysqlTime x = orZero(Temporal.toTime(a, leftUnsigned, MysqlType.DATETIME, 6, ctx));
        MysqlTime y = orZero(Temporal.toTime(b, rightUnsigned, MysqlType.DATETIME, 6, ctx));
        return Integer.signum(x.compareTo(y));
      }
      case DURATION -> {
        MysqlDuration x = Temporal.toDuration(a, leftUnsigned, 6, ctx);
        MysqlDuration y = Temporal.toDuration(b, rightUnsigned, 6, ctx);
        return Integer.signum((x == null ? ZERO_DURATION : x).compareTo(y == null ? ZERO_DURATION : y));
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private int scaleOf(FieldType t) {
    return shownDecimals && t.evalType() == EvalType.DECIMAL ? t.decimal() : -1;
  }

  /** Compares two 64-bit integers, each read as signed or unsigned. */
  public static int compareInts(long x, boolean xUnsigned, long y, boolean yUnsigned) {
    if (xUnsigned == yUnsigned) {
      return xUnsigned ? Integer.signum(Long.compareUnsigned(x, y)) : Integer.signum(Long.compare(x, y));
    }
    if (xUnsigned) {
      return y < 0 || x < 0 ? 1 : Integer.signum(Long.compare(x, y));
    }
    return x < 0 || y < 0 ? -1 : Integer.signum(Long.compare(x, y));
  }
}
