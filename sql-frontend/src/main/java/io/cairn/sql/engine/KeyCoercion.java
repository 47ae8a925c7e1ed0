package io.cairn.sql.engine;

import io.cairn.sql.catalog.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
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
 * neighbouring integer. Stateless.
 */
final class KeyCoercion {
  /** Integers below 2^53 in magnitude compare exactly as doubles. */
  private static final long EXACT_DOUBLE = 1L << 53;
  private static final Pattern DIGITS = Pattern.compile("\\s*[+-]?\\d{1,15}");

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
}
