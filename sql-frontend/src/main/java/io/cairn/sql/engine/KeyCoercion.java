package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.sql.catalog.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which stored integer key a value compared with {@code =} against an integer column can match,
 * under MySQL's comparison rules, for the key access paths ({@link AccessPath}).
 *
 * <p>The answer is one of: exactly one key value, no value at all (the comparison can never be
 * true: NULL, a fraction, a value outside the column's range), or unknown. Unknown sends the
 * statement back to a full scan, so only the cases that are obviously exact are decided here:
 * integers, integral decimals, doubles and digit strings small enough (below 2^53) that
 * comparing them as doubles, as MySQL does for a string against an integer, cannot match a
 * neighbouring integer. The same obvious cases are read for the other column types ({@link
 * #approximateNumber}, {@link #dateTime}, {@link #timeMicros}), for {@link TypedKeySpans}.
 * Stateless.
 */
final class KeyCoercion {
  /** Integers below 2^53 in magnitude compare exactly as doubles. */
  private static final long EXACT_DOUBLE = 1L << 53;
  private static final Pattern DIGITS = Pattern.compile("\\s*[+-]?\\d{1,15}");
  /** A number as MySQL writes one, with nothing around it. */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
  private static final Pattern DATETIME =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?)?");
  private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?");

  private KeyCoercion() {}

  /** The outcome for one value. */
  sealed interface Result {}

  /** The only stored value (as the column stores it, unsigned kinds by their bits) that can match. */
  record Exact(long value) implements Result {}

  /** Nothing stored in the column can match. */
  enum NoMatch implements Result { INSTANCE }

  /** Not decided here: the caller must scan. */
  enum Unknown implements Result { INSTANCE }

  /**
   * The exact number a non-NULL {@code value} stands for when compared with an integer column
   * ({@code <}, {@code >=}, ...), or null when that is not obvious and the caller must scan:
   * integers and decimals as they are, doubles below 2^53 in magnitude (every integer there is
   * a double, so comparing as doubles orders them exactly), and digit strings of at most 15
   * digits (converted to double by MySQL, exactly).
   */
  static BigDecimal exactNumber(Object value) {
    if (value instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (value instanceof BigDecimal bd) {
      return bd;
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() || Math.abs(d) >= EXACT_DOUBLE ? null : new BigDecimal(d);
    }
    if (value instanceof String s && DIGITS.matcher(s).matches()) {
      String t = s.strip();
      return new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
    }
    return null;
  }

  /** The key value of an integer column of {@code type} that {@code value} equals, if any. */
  static Result integerKey(Object value, SqlType type) {
    BigInteger exact;
    if (value == null) {
      return NoMatch.INSTANCE;
    }
    if (value instanceof Long l) {
      exact = BigInteger.valueOf(l);
    } else if (value instanceof BigDecimal bd) {
      BigDecimal stripped = bd.stripTrailingZeros();
      if (stripped.scale() > 0) {
        return NoMatch.INSTANCE;
      }
      if (stripped.precision() - stripped.scale() > 25) {
        return NoMatch.INSTANCE;
      }
      exact = stripped.toBigIntegerExact();
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return Unknown.INSTANCE;
      }
      if (d != Math.rint(d)) {
        return NoMatch.INSTANCE;
      }
      if (Math.abs(d) >= EXACT_DOUBLE) {
        return Unknown.INSTANCE;
      }
      exact = BigInteger.valueOf(d.longValue());
    } else if (value instanceof String s) {
      if (!DIGITS.matcher(s).matches()) {
        return Unknown.INSTANCE;
      }
      exact = new BigInteger(s.strip().startsWith("+") ? s.strip().substring(1) : s.strip());
    } else {
      return Unknown.INSTANCE;
    }
    if (exact.compareTo(type.minInteger()) < 0 || exact.compareTo(type.maxInteger()) > 0) {
      return NoMatch.INSTANCE;
    }
    // Unsigned BIGINT values above 2^63 are stored by their bits.
    return new Exact(exact.longValue());
  }

  /**
   * The double a non-NULL {@code value} stands for when MySQL compares it as a floating-point
   * number (with a FLOAT or DOUBLE column, or a string or double with a DECIMAL column), or
   * null when that is not obvious: integers, decimals, finite doubles, and strings that are a
   * plain number with nothing around it (MySQL would warn about and cut anything else).
   */
  static Double approximateNumber(Object value) {
    double d;
    if (value instanceof Long l) {
      d = l;
    } else if (value instanceof BigDecimal bd) {
      d = bd.doubleValue();
    } else if (value instanceof Double x) {
      d = x;
    } else if (value instanceof String s && NUMBER.matcher(s).matches()) {
      d = Double.parseDouble(s);
    } else {
      return null;
    }
    return Double.isFinite(d) ? d : null;
  }

  /**
   * The date and time a non-NULL {@code value} stands for when compared with a DATE or DATETIME
   * column, or null when that is not obvious: a DATE, DATETIME or TIMESTAMP value, or a string
   * in the canonical form {@code YYYY-MM-DD[ hh:mm:ss[.ffffff]]} naming a real calendar day (the
   * string and temporal orders of canonical strings agree, whichever way the comparison goes).
   */
  static LocalDateTime dateTime(Object value) {
    try {
      if (value instanceof MysqlTime t) {
        return LocalDateTime.of(t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(), t.micro() * 1000);
      }
      if (value instanceof String s) {
        Matcher m = DATETIME.matcher(s);
        if (!m.matches()) {
          return null;
        }
        return LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6), micros(m.group(7)) * 1000);
      }
    } catch (DateTimeException e) {
      return null;
    }
    return null;
  }

  /**
   * The microseconds of the TIME a non-NULL {@code value} stands for when compared with a TIME
   * column, or null when that is not obvious: a TIME value, or a string {@code hh:mm:ss[.ffffff]}
   * with two-digit hours (so that string and temporal orders agree).
   */
  static Long timeMicros(Object value) {
    if (value instanceof MysqlDuration d) {
      return d.micros();
    }
    if (value instanceof String s) {
      Matcher m = TIME.matcher(s);
      if (!m.matches() || num(m, 2) > 59 || num(m, 3) > 59) {
        return null;
      }
      return ((num(m, 1) * 3600L + num(m, 2) * 60L + num(m, 3)) * 1_000_000L) + micros(m.group(4));
    }
    return null;
  }

  private static int num(Matcher m, int group) {
    String g = m.group(group);
    return g == null ? 0 : Integer.parseInt(g);
  }

  /** Fraction digits as microseconds: {@code "5"} is 500000. */
  private static int micros(String fraction) {
    if (fraction == null) {
      return 0;
    }
    return Integer.parseInt((fraction + "00000").substring(0, 6));
  }
}
