package io.cairn.sql.engine;

import io.cairn.codec.ColumnType;
import io.cairn.codec.MysqlTime;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.engine.KeyConditions.AnyOf;
import io.cairn.sql.engine.KeyConditions.Condition;
import io.cairn.sql.engine.KeyConditions.Eq;
import io.cairn.sql.engine.KeyConditions.In;
import io.cairn.sql.engine.KeyConditions.IsNull;
import io.cairn.sql.engine.KeyConditions.Lower;
import io.cairn.sql.engine.KeyConditions.Upper;
import io.cairn.sql.engine.KeyConditions.ValueRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The key datums ({@link KeySpans}) a row satisfying some conditions can hold in an index
 * column that is not an integer: DECIMAL, FLOAT/DOUBLE, DATE/DATETIME, TIME, YEAR, and CHAR/
 * VARCHAR ({@link StringKeySpans}). Integer columns have their exact rules in {@link
 * IndexRanges}; TIMESTAMP (stored in UTC, compared in the session's time zone), binary strings
 * and LOBs take only {@code IS NULL}.
 *
 * <p>The spans are supersets, and the rows read are filtered again with the whole WHERE, so each
 * rule only has to keep every row MySQL's comparison (or the evaluator's, when it is the other
 * obvious reading) can accept:
 *
 * <ul>
 *   <li>DECIMAL(p,s) with an integer or decimal: compared exactly, bounds rounded inwards to
 *       the column's scale and clipped to its range; with a double or a numeric string: compared
 *       as doubles, so the bounds are widened to the neighbouring doubles first.
 *   <li>FLOAT/DOUBLE: compared as doubles; the nearest double of the value bounds every reading
 *       (an exact reading of {@code x >= v} implies {@code x >= double(v)}); 0 takes in -0.
 *   <li>DATE/DATETIME(fsp), TIME(fsp): the value cut down to the column's precision (the
 *       column's values lie on that grid); canonical strings only ({@link KeyCoercion}).
 *   <li>YEAR: an exact number of at least 100 (MySQL reads 1..99 as 20xx/19xx years), widened
 *       to the integers around it.
 * </ul>
 *
 * Stateless.
 */
final class TypedKeySpans {
  private TypedKeySpans() {}

  /** Whether a column of {@code type} can be bounded by conditions other than {@code IS NULL}. */
  static boolean rangeable(SqlType type) {
    TypeKind k = type.kind();
    return k == TypeKind.DECIMAL || k == TypeKind.FLOAT || k == TypeKind.DOUBLE || k == TypeKind.DATE
        || k == TypeKind.DATETIME || k == TypeKind.TIME || k == TypeKind.YEAR || k == TypeKind.CHAR
        || k == TypeKind.VARCHAR;
  }

  /** Whether {@code c} can bound a column of {@code type} compared under {@code collation}. */
  static boolean usable(SqlType type, Collation collation, Condition c) {
    if (c instanceof IsNull) {
      return true;
    }
    if (!rangeable(type)) {
      return false;
    }
    return !type.kind().isText() || StringKeySpans.usable(collation, c);
  }

  /**
   * The datums of the values the conditions allow in a column of {@code type} compared under
   * {@code collation}, or null when a value's comparison is not obvious.
   */
  static KeySpans spans(SqlType type, Collation collation, List<Condition> conditions, List<Object> params) {
    KeySpans s = KeySpans.ALL;
    for (Condition c : conditions) {
      KeySpans x = spans(type, collation, c, params);
      if (x == null) {
        return null;
      }
      s = s.intersect(x);
    }
    return s;
  }

  private static KeySpans spans(SqlType type, Collation collation, Condition c, List<Object> params) {
    return switch (c) {
      case IsNull n -> KeySpans.NULL_ONLY;
      case Eq eq -> equal(type, collation, eq.value().value(params));
      case In in -> {
        KeySpans s = KeySpans.EMPTY;
        for (ValueRef v : in.values()) {
          KeySpans p = equal(type, collation, v.value(params));
          if (p == null) {
            yield null;
          }
          s = s.union(p);
        }
        yield s;
      }
      case Lower l -> {
        Object v = l.value().value(params);
        if (v == null) {
          yield KeySpans.EMPTY;
        }
        byte[] start = atLeast(type, collation, v);
        yield start == null ? null : KeySpans.range(start, KeySpans.END);
      }
      case Upper u -> {
        Object v = u.value().value(params);
        if (v == null) {
          yield KeySpans.EMPTY;
        }
        byte[] end = atMost(type, collation, v);
        yield end == null ? null : KeySpans.range(KeySpans.MIN_NOT_NULL, end);
      }
      case AnyOf any -> {
        KeySpans s = KeySpans.EMPTY;
        for (List<Condition> alternative : any.alternatives()) {
          KeySpans a = spans(type, collation, alternative, params);
          if (a == null) {
            yield null;
          }
          s = s.union(a);
        }
        yield s;
      }
    };
  }

  private static KeySpans equal(SqlType type, Collation collation, Object v) {
    if (v == null) {
      return KeySpans.EMPTY;
    }
    switch (type.kind()) {
      case CHAR, VARCHAR -> {
        return StringKeySpans.equal(collation, v);
      }
      case DECIMAL -> {
        if (v instanceof Long || v instanceof BigDecimal) {
          BigDecimal c = v instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) v;
          BigDecimal max = maxDecimal(type);
          if (c.stripTrailingZeros().scale() > type.scale() || c.abs().compareTo(max) > 0) {
            return KeySpans.EMPTY;
          }
          return KeySpans.point(KeySpans.encode(type.columnType(), c.setScale(type.scale())));
        }
      }
      case FLOAT, DOUBLE -> {
        Double d = KeyCoercion.approximateNumber(v);
        if (d == null) {
          return null;
        }
        ColumnType ct = type.columnType();
        return d == 0 ? KeySpans.range(KeySpans.encode(ct, -0.0), TableCodec.prefixNext(KeySpans.encode(ct, 0.0)))
            : KeySpans.point(KeySpans.encode(ct, d));
      }
      case DATE, DATETIME, TIME -> {
        Object key = temporalFloor(type, v);
        return key == null ? null : KeySpans.point(KeySpans.encode(type.columnType(), key));
      }
      default -> { }
    }
    byte[] start = atLeast(type, collation, v);
    byte[] end = atMost(type, collation, v);
    return start == null || end == null ? null : KeySpans.range(start, end);
  }

  /** The first datum of the values that can be at least {@code v} (non-NULL), or null. */
  private static byte[] atLeast(SqlType type, Collation collation, Object v) {
    ColumnType ct = type.columnType();
    return switch (type.kind()) {
      case CHAR, VARCHAR -> StringKeySpans.atLeast(collation, v);
      case DECIMAL -> {
        BigDecimal low;
        if (v instanceof Long || v instanceof BigDecimal) {
          low = (v instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) v).setScale(type.scale(), RoundingMode.CEILING);
        } else {
          Double d = KeyCoercion.approximateNumber(v);
          if (d == null) {
            yield null;
          }
          low = new BigDecimal(Math.nextDown(d)).setScale(type.scale(), RoundingMode.FLOOR);
        }
        BigDecimal max = maxDecimal(type);
        yield low.compareTo(max) > 0 ? KeySpans.END : KeySpans.encode(ct, low.max(max.negate()));
      }
      case FLOAT, DOUBLE -> {
        Double d = KeyCoercion.approximateNumber(v);
        yield d == null ? null : KeySpans.encode(ct, d == 0 ? -0.0 : d);
      }
      case DATE, DATETIME, TIME -> {
        Object key = temporalFloor(type, v);
        yield key == null ? null : KeySpans.encode(ct, key);
      }
      case YEAR -> {
        BigDecimal n = year(v);
        yield n == null ? null : KeySpans.encode(ct, n.setScale(0, RoundingMode.FLOOR).longValueExact());
      }
      default -> null;
    };
  }

  /** The end of the datums of the values that can be at most {@code v} (non-NULL), or null. */
  private static byte[] atMost(SqlType type, Collation collation, Object v) {
    ColumnType ct = type.columnType();
    return switch (type.kind()) {
      case CHAR, VARCHAR -> StringKeySpans.atMost(collation, v);
      case DECIMAL -> {
        BigDecimal high;
        if (v instanceof Long || v instanceof BigDecimal) {
          high = (v instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) v).setScale(type.scale(), RoundingMode.FLOOR);
        } else {
          Double d = KeyCoercion.approximateNumber(v);
          if (d == null) {
            yield null;
          }
          high = new BigDecimal(Math.nextUp(d)).setScale(type.scale(), RoundingMode.CEILING);
        }
        BigDecimal max = maxDecimal(type);
        yield high.compareTo(max.negate()) < 0 ? KeySpans.MIN_NOT_NULL
            : TableCodec.prefixNext(KeySpans.encode(ct, high.min(max)));
      }
      case FLOAT, DOUBLE -> {
        Double d = KeyCoercion.approximateNumber(v);
        yield d == null ? null : TableCodec.prefixNext(KeySpans.encode(ct, d == 0 ? 0.0 : d));
      }
      case DATE, DATETIME, TIME -> {
        Object key = temporalFloor(type, v);
        yield key == null ? null : TableCodec.prefixNext(KeySpans.encode(ct, key));
      }
      case YEAR -> {
        BigDecimal n = year(v);
        yield n == null ? null
            : TableCodec.prefixNext(KeySpans.encode(ct, n.setScale(0, RoundingMode.CEILING).longValueExact()));
      }
      default -> null;
    };
  }

  /** The largest value of a DECIMAL(p,s) column. */
  private static BigDecimal maxDecimal(SqlType type) {
    return BigDecimal.TEN.pow(type.length() - type.scale()).subtract(BigDecimal.ONE.movePointLeft(type.scale()))
        .setScale(type.scale());
  }

  /**
   * The largest value of the column's type and precision that is not above {@code v}, as the
   * codec stores it (codec {@link MysqlTime} or {@link Duration}), or null when {@code v} is
   * not obvious.
   */
  private static Object temporalFloor(SqlType type, Object v) {
    if (type.kind() == TypeKind.TIME) {
      Long micros = KeyCoercion.timeMicros(v);
      if (micros == null) {
        return null;
      }
      long unit = unit(type.scale());
      return Duration.ofNanos(Math.floorDiv(micros, unit) * unit * 1000);
    }
    LocalDateTime t = KeyCoercion.dateTime(v);
    if (t == null) {
      return null;
    }
    if (type.kind() == TypeKind.DATE) {
      return MysqlTime.date(t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    }
    long unit = unit(type.scale());
    int micro = (int) (t.getNano() / 1000 / unit * unit);
    return MysqlTime.datetime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
        t.getSecond(), micro, type.scale());
  }

  private static long unit(int fsp) {
    long u = 1;
    for (int i = fsp; i < 6; i++) {
      u *= 10;
    }
    return u;
  }

  /** An exact number of at least 100 compared with a YEAR column, or null. */
  private static BigDecimal year(Object v) {
    BigDecimal n = KeyCoercion.exactNumber(v);
    return n == null || n.compareTo(BigDecimal.valueOf(100)) < 0 || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0
        ? null : n;
  }
}
