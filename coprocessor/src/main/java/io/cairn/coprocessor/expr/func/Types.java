package io.cairn.coprocessor.expr.func;

import io.cairn.coprocessor.expr.EvalException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import java.util.List;

/** MySQL's type inference rules: result-type merging, collation aggregation, comparison types. */
public final class Types {
  private Types() {}

  /** How two operands of a comparison are compared (MySQL's Arg_comparator choice). */
  public enum CmpKind {
    INT,
    DECIMAL,
    REAL,
    STRING,
    DATETIME,
    DURATION
  }

  /**
   * The comparison type of two operands: both strings compare as strings; both integers as
   * integers (sign-aware); integers and decimals as decimals; a temporal operand against a string,
   * a number or a temporal operand as a temporal value; everything else (a double, or a number
   * against a string) as doubles.
   */
  public static CmpKind compareKind(FieldType a, FieldType b) {
    if (a.isNullType()) {
      return b.isNullType() ? CmpKind.STRING : compareKind(b, b);
    }
    if (b.isNullType()) {
      return compareKind(a, a);
    }
    EvalType x = a.evalType() == EvalType.JSON ? EvalType.STRING : a.evalType();
    EvalType y = b.evalType() == EvalType.JSON ? EvalType.STRING : b.evalType();
    if (x == EvalType.STRING && y == EvalType.STRING) {
      return CmpKind.STRING;
    }
    if (x == EvalType.DURATION && (y == EvalType.DURATION || y == EvalType.STRING || y == EvalType.INT || y == EvalType.DECIMAL)
        || y == EvalType.DURATION && (x == EvalType.STRING || x == EvalType.INT || x == EvalType.DECIMAL)) {
      return CmpKind.DURATION;
    }
    if (x == EvalType.DATETIME && y != EvalType.REAL || y == EvalType.DATETIME && x != EvalType.REAL) {
      return CmpKind.DATETIME;
    }
    if (x == EvalType.INT && y == EvalType.INT) {
      return CmpKind.INT;
    }
    if ((x == EvalType.INT || x == EvalType.DECIMAL) && (y == EvalType.INT || y == EvalType.DECIMAL)) {
      return CmpKind.DECIMAL;
    }
    return CmpKind.REAL;
  }

  /** Comparison kind over several operands (GREATEST/LEAST rules). */
  public static CmpKind compareKindAll(List<Expr> args) {
    boolean allInt = true;
    boolean anyReal = false;
    boolean anyDecimal = false;
    boolean anyString = false;
    boolean allTemporal = true;
    boolean allDuration = true;
    for (Expr e : args) {
      FieldType t = e.type();
      if (t.isNullType()) {
        continue;
      }
      EvalType et = t.evalType();
      allInt &= et == EvalType.INT;
      anyReal |= et == EvalType.REAL;
      anyDecimal |= et == EvalType.DECIMAL;
      anyString |= et == EvalType.STRING || et == EvalType.JSON;
      allTemporal &= et.isTemporal();
      allDuration &= et == EvalType.DURATION;
    }
    if (allDuration) {
      return anyString ? CmpKind.STRING : CmpKind.DURATION;
    }
    if (allTemporal) {
      return CmpKind.DATETIME;
    }
    if (allInt) {
      return CmpKind.INT;
    }
    if (anyReal) {
      return CmpKind.REAL;
    }
    if (anyDecimal) {
      return CmpKind.DECIMAL;
    }
    return CmpKind.STRING;
  }

  /**
   * The collation two or more string operands meet in: the lowest coercibility wins; on a tie,
   * binary wins, then a _bin collation of the same character set; any other tie is error 1267
   * "Illegal mix of collations".
   */
  public static FieldType aggregateCollation(List<FieldType> types) {
    Collation best = null;
    Coercibility bestCo = Coercibility.IGNORABLE;
    for (FieldType t : types) {
      if (t.evalType() != EvalType.STRING || t.isNullType()) {
        continue;
      }
      Collation c = t.collation();
      Coercibility co = t.coercibility();
      if (best == null || co.ordinal() < bestCo.ordinal()) {
        best = c;
        bestCo = co;
      } else if (co == bestCo && c != best) {
        if (c == Collation.BINARY || best == Collation.BINARY) {
          best = Collation.BINARY;
        } else if (c == Collation.UTF8MB4_BIN || best == Collation.UTF8MB4_BIN) {
          // same character set, a _bin collation against a _ci one: MySQL uses the _bin one
          best = Collation.UTF8MB4_BIN;
        } else if (co != Coercibility.COERCIBLE) {
          throw new EvalException(
              1267, "HY000",
              "Illegal mix of collations (utf8mb4," + best.sqlName() + "," + bestCo.name() + ") and (utf8mb4,"
                  + c.sqlName() + "," + co.name() + ") for operation");
        }
      }
    }
    if (best == null) {
      return FieldType.varchar(Collation.UTF8MB4_GENERAL_CI, Coercibility.COERCIBLE);
    }
    return FieldType.varchar(best, bestCo);
  }

  /** The collation of a string-producing function over these arguments. */
  public static FieldType stringResult(List<Expr> args) {
    return aggregateCollation(args.stream().map(Expr::type).toList());
  }

  /**
   * MySQL's result type for CASE/IF/IFNULL/COALESCE and the like: NULL operands are ignored; all
   * integers stay integer (unsigned only if all are); numbers widen to DECIMAL, then DOUBLE; dates
   * merge to DATETIME; any other mix is a string.
   */
  public static FieldType merge(List<FieldType> types) {
    FieldType first = null;
    boolean allInt = true;
    boolean allUnsigned = true;
    boolean allNumeric = true;
    boolean anyReal = false;
    boolean allDate = true;
    boolean allDateish = true;
    boolean allDuration = true;
    int maxScale = 0;
    int maxIntDigits = 0;
    int maxFsp = 0;
    for (FieldType t : types) {
      if (t.isNullType()) {
        continue;
      }
      if (first == null) {
        first = t;
      }
      EvalType et = t.evalType();
      allInt &= et == EvalType.INT;
      allUnsigned &= t.isUnsigned();
      allNumeric &= et.isNumeric();
      anyReal |= et == EvalType.REAL;
      allDate &= t.type() == MysqlType.DATE;
      allDateish &= et == EvalType.DATETIME;
      allDuration &= et == EvalType.DURATION;
      maxFsp = Math.max(maxFsp, t.fsp());
      if (et == EvalType.DECIMAL) {
        maxScale = Math.max(maxScale, t.decimal());
        maxIntDigits = Math.max(maxIntDigits, t.flen() - t.decimal());
      } else if (et == EvalType.INT) {
        maxIntDigits = Math.max(maxIntDigits, 20);
      }
    }
    if (first == null) {
      return FieldType.nullType();
    }
    if (allInt) {
      if (allUnsigned) {
        return FieldType.unsignedBigint();
      }
      // BIGINT and BIGINT UNSIGNED share no integer type: MySQL widens to DECIMAL(20,0).
      boolean anyUnsigned = types.stream().anyMatch(FieldType::isUnsigned);
      return anyUnsigned ? FieldType.decimal(20, 0) : FieldType.bigint();
    }
    if (allNumeric) {
      if (anyReal) {
        return FieldType.doubleType();
      }
      return FieldType.decimal(Math.min(FieldType.MAX_DECIMAL_PRECISION, maxIntDigits + maxScale), maxScale);
    }
    if (allDate) {
      return FieldType.date();
    }
    if (allDateish) {
      return first.type() == MysqlType.TIMESTAMP && types.stream().allMatch(t -> t.isNullType() || t.type() == MysqlType.TIMESTAMP)
          ? FieldType.timestamp(maxFsp) : FieldType.datetime(maxFsp);
    }
    if (allDuration) {
      return FieldType.time(maxFsp);
    }
    return aggregateCollation(types);
  }

  public static boolean isIntLike(FieldType t) {
    return t.evalType() == EvalType.INT || t.isNullType();
  }
}
