package io.cairn.coprocessor.expr.value;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MySQL's implicit and explicit conversions between runtime values (see {@link
 * io.cairn.coprocessor.expr.types.EvalType} for the Java classes). A {@code Long} argument is read
 * as unsigned when {@code unsigned} is true.
 *
 * <p>Strings convert to numbers by their longest numeric prefix after leading whitespace, as MySQL
 * does: {@code '12abc'} is 12 with warning 1292 "Truncated incorrect DOUBLE value: '12abc'";
 * trailing spaces alone raise nothing (MySQL 8; MariaDB raises a note). Doubles convert to integers
 * with {@code rint} (half to even, as MySQL's C library does); decimals round half up.
 */
public final class Convert {
  private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal ULONG_MAX = TWO_64.subtract(BigDecimal.ONE);

  private Convert() {}

  // ---------------------------------------------------------------- to double

  public static double toDouble(Object v, boolean unsigned, EvalContext ctx) {
    if (v instanceof Long l) {
      return unsigned ? unsignedToDouble(l) : (double) l;
    } else if (v instanceof Double d) {
      return d;
    } else if (v instanceof BigDecimal bd) {
      return bd.doubleValue();
    } else if (v instanceof String s) {
      return parseDouble(s, ctx);
    } else if (v instanceof MysqlTime t) {
      return t.toNumber() + t.micro() / 1e6;
    } else if (v instanceof MysqlDuration d) {
      double n = d.toNumber();
      return d.micros() < 0 ? n - d.microPart() / 1e6 : n + d.microPart() / 1e6;
    }
    throw unsupported(v);
  }

  public static double unsignedToDouble(long l) {
    return l >= 0 ? (double) l : ((double) (l >>> 1)) * 2.0 + (l & 1);
  }

  /** The end (exclusive) of the longest numeric prefix of {@code s} starting at {@code from}. */
  static int numericPrefixEnd(String s, int from, boolean allowExponent) {
    int i = from;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      int j = i + 1;
      int frac = 0;
      while (j < n && isDigit(s.charAt(j))) {
        j++;
        frac++;
      }
      if (digits > 0 || frac > 0) {
        i = j;
        digits += frac;
      }
    }
    if (digits == 0) {
      return from;
    }
    if (allowExponent && i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      int k = j;
      while (k < n && isDigit(s.charAt(k))) {
        k++;
      }
      if (k > j) {
        i = k;
      }
    }
    return i;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
  }

  static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean onlySpacesFrom(String s, int from) {
    return skipSpaces(s, from) == s.length();
  }

  public static double parseDouble(String s, EvalContext ctx) {
    int start = skipSpaces(s, 0);
    int end = numericPrefixEnd(s, start, true);
    if (end == start) {
      ctx.truncatedValue("DOUBLE", s);
      return 0.0;
    }
    if (!onlySpacesFrom(s, end)) {
      ctx.truncatedValue("DOUBLE", s);
    }
    double d = Double.parseDouble(s.substring(start, end));
    if (Double.isInfinite(d)) {
      ctx.truncatedValue("DOUBLE", s);
      return d > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
    }
    return d;
  }

  // ---------------------------------------------------------------- to decimal

  public static BigDecimal toDecimal(Object v, boolean unsigned, EvalContext ctx) {
    if (v instanceof Long l) {
      return unsigned && l < 0 ? new BigDecimal(new BigInteger(Long.toUnsignedString(l))) : BigDecimal.valueOf(l);
    } else if (v instanceof Double d) {
      return d == 0 ? BigDecimal.ZERO : limitScale(new BigDecimal(Double.toString(d)));
    } else if (v instanceof BigDecimal bd) {
      return bd;
    } else if (v instanceof String s) {
      return parseDecimal(s, ctx);
    } else if (v instanceof MysqlTime t) {
      BigDecimal n = BigDecimal.valueOf(t.toNumber());
      return t.fsp() == 0 ? n : n.add(BigDecimal.valueOf(t.micro(), 6).setScale(t.fsp(), RoundingMode.HALF_UP));
    } else if (v instanceof MysqlDuration d) {
      BigDecimal n = BigDecimal.valueOf(Math.abs(d.toNumber()))
          .add(BigDecimal.valueOf(d.microPart(), 6).setScale(d.fsp(), RoundingMode.HALF_UP));
      return d.micros() < 0 ? n.negate() : n;
    }
    throw unsupported(v);
  }

  private static BigDecimal limitScale(BigDecimal bd) {
    if (bd.scale() < 0) {
      return bd.setScale(0);
    }
    return bd.scale() > 30 ? bd.setScale(30, RoundingMode.HALF_UP) : bd;
  }

  public static BigDecimal parseDecimal(String s, EvalContext ctx) {
    int start = skipSpaces(s, 0);
    int end = numericPrefixEnd(s, start, true);
    if (end == start) {
      ctx.truncatedValue("DECIMAL", s);
      return BigDecimal.ZERO;
    }
    if (!onlySpacesFrom(s, end)) {
      ctx.truncatedValue("DECIMAL", s);
    }
    String num = s.substring(start, end);
    if (num.endsWith(".")) {
      num = num.substring(0, num.length() - 1);
    }
    return limitScale(new BigDecimal(num));
  }

  // ---------------------------------------------------------------- to integer

  /**
   * Converts to a 64-bit integer for an integer context or CAST: the result is read as unsigned
   * when {@code toUnsigned}. Out-of-range values clamp, with warning 1292.
   */
  public static long toLong(Object v, boolean unsigned, boolean toUnsigned, EvalContext ctx) {
    if (v instanceof Long l) {
      if (toUnsigned && !unsigned && l < 0) {
        ctx.note(1105, "Cast to unsigned converted negative integer to it's positive complement");
      }
      return l;
    } else if (v instanceof Double d) {
      return doubleToLong(d, toUnsigned, ctx);
    } else if (v instanceof BigDecimal bd) {
      return decimalToLong(bd, toUnsigned, ctx);
    } else if (v instanceof String s) {
      return parseLong(s, toUnsigned, ctx);
    } else if (v instanceof MysqlTime t) {
      return t.toNumber();
    } else if (v instanceof MysqlDuration d) {
      return d.toNumber();
    }
    throw unsupported(v);
  }

  public static long doubleToLong(double d, boolean toUnsigned, EvalContext ctx) {
    double r = Math.rint(d);
    if (toUnsigned) {
      if (r < 0) {
        if (r < Long.MIN_VALUE) {
          ctx.truncatedValue("INTEGER", formatDouble(d));
          return 0;
        }
        return (long) r;
      }
      if (r >= 18446744073709551616.0) {
        ctx.truncatedValue("INTEGER", formatDouble(d));
        return -1L;
      }
      return new BigDecimal(r).toBigInteger().longValue();
    }
    if (r >= 9223372036854775808.0) {
      ctx.truncatedValue("INTEGER", formatDouble(d));
      return Long.MAX_VALUE;
    }
    if (r < -9223372036854775808.0) {
      ctx.truncatedValue("INTEGER", formatDouble(d));
      return Long.MIN_VALUE;
    }
    return (long) r;
  }

  public static long decimalToLong(BigDecimal bd, boolean toUnsigned, EvalContext ctx) {
    BigDecimal r = bd.setScale(0, RoundingMode.HALF_UP);
    if (toUnsigned) {
      if (r.signum() < 0) {
        if (r.compareTo(LONG_MIN) < 0) {
          ctx.truncatedValue("DECIMAL", bd.toPlainString());
          return 0;
        }
        return r.longValue();
      }
      if (r.compareTo(ULONG_MAX) > 0) {
        ctx.truncatedValue("DECIMAL", bd.toPlainString());
        return -1L;
      }
      return r.toBigInteger().longValue();
    }
    if (r.compareTo(LONG_MAX) > 0) {
      ctx.truncatedValue("DECIMAL", bd.toPlainString());
      return Long.MAX_VALUE;
    }
    if (r.compareTo(LONG_MIN) < 0) {
      ctx.truncatedValue("DECIMAL", bd.toPlainString());
      return Long.MIN_VALUE;
    }
    return r.longValueExact();
  }

  /**
   * String to integer as CAST(... AS SIGNED/UNSIGNED) reads it: an optional sign and digits only
   * ({@code '1e3'} is 1, with a warning). Magnitudes beyond 64 bits clamp to the unsigned maximum,
   * so a signed cast of a huge positive string yields -1, as MySQL's strtoll10 path does.
   */
  public static long parseLong(String s, boolean toUnsigned, EvalContext ctx) {
    int i = skipSpaces(s, 0);
    int n = s.length();
    boolean neg = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    int digitsStart = i;
    long acc = 0;
    boolean overflow = false;
    while (i < n && isDigit(s.charAt(i))) {
      int d = s.charAt(i) - '0';
      if (!overflow) {
        long hi = Math.unsignedMultiplyHigh(acc, 10);
        long lo = acc * 10;
        long sum = lo + d;
        if (hi != 0 || Long.compareUnsigned(sum, lo) < 0) {
          overflow = true;
        } else {
          acc = sum;
        }
      }
      i++;
    }
    if (i == digitsStart) {
      ctx.truncatedValue("INTEGER", s);
      return 0;
    }
    if (overflow) {
      ctx.truncatedValue("INTEGER", s);
      return neg ? Long.MIN_VALUE : -1L;
    }
    if (!onlySpacesFrom(s, i)) {
      ctx.truncatedValue("INTEGER", s);
    }
    if (neg) {
      if (Long.compareUnsigned(acc, Long.MIN_VALUE) > 0) {
        ctx.truncatedValue("INTEGER", s);
        return Long.MIN_VALUE;
      }
      if (toUnsigned && acc != 0) {
        ctx.note(1105, "Cast to unsigned converted negative integer to it's positive complement");
      }
      return -acc;
    }
    if (!toUnsigned && acc < 0) {
      ctx.note(1105, "Cast to signed converted positive out-of-range integer to it's negative complement");
    }
    return acc;
  }

  // ---------------------------------------------------------------- to boolean

  /** SQL truth of a value: null for NULL, else whether it is non-zero. */
  public static Boolean toBool(Object v, boolean unsigned, EvalContext ctx) {
    if (v == null) {
      return null;
    } else if (v instanceof Long l) {
      return l != 0;
    } else if (v instanceof Double d) {
      return d != 0;
    } else if (v instanceof BigDecimal bd) {
      return bd.signum() != 0;
    } else if (v instanceof String s) {
      return parseDouble(s, ctx) != 0;
    } else if (v instanceof MysqlTime t) {
      return !t.isZero();
    } else if (v instanceof MysqlDuration d) {
      return d.micros() != 0;
    }
    throw unsupported(v);
  }

  // ---------------------------------------------------------------- to string

  /**
   * A value as MySQL presents it for its type: a DECIMAL rounded half up to the type's scale (a
   * quotient carries more digits than its type shows, see {@link #divide}), a DOUBLE of a type with
   * fixed decimals (e.g. PI(), 3.141593) in that many decimals.
   */
  public static String toStr(Object v, FieldType t) {
    if (v instanceof BigDecimal bd && t.evalType() == EvalType.DECIMAL) {
      return presentDecimal(bd, t.decimal()).toPlainString();
    }
    if (v instanceof Double d && t.evalType() == EvalType.REAL
        && t.decimal() >= 0 && t.decimal() < FieldType.NOT_FIXED_DEC) {
      return new BigDecimal(d).setScale(t.decimal(), RoundingMode.HALF_EVEN).toPlainString();
    }
    return toStr(v, t.isUnsigned());
  }

  /** A decimal rounded half up to {@code scale} when it carries more fraction digits. */
  public static BigDecimal presentDecimal(BigDecimal bd, int scale) {
    return scale >= 0 && bd.scale() > scale ? bd.setScale(scale, RoundingMode.HALF_UP) : bd;
  }

  /**
   * Decimal division as MySQL computes it: the quotient is truncated to {@code frac(a) + frac(b) +
   * increment} fraction digits rounded up to whole 9-digit words, so that 1/3 holds 0.333333333
   * (shown as 0.3333 by its type) and 1/3*3 shows 1.0000.
   */
  public static BigDecimal divide(BigDecimal a, BigDecimal b, int increment) {
    int digits = Math.max(0, a.scale()) + Math.max(0, b.scale()) + increment;
    int scale = Math.min(((digits + 8) / 9) * 9, 81);
    return a.divide(b, scale, RoundingMode.DOWN);
  }

  public static String toStr(Object v, boolean unsigned) {
    if (v instanceof String s) {
      return s;
    } else if (v instanceof Long l) {
      return unsigned ? Long.toUnsignedString(l) : Long.toString(l);
    } else if (v instanceof Double d) {
      return formatDouble(d);
    } else if (v instanceof BigDecimal bd) {
      return bd.toPlainString();
    } else if (v instanceof MysqlTime || v instanceof MysqlDuration) {
      return v.toString();
    }
    throw unsupported(v);
  }

  /**
   * A double as MySQL prints it (my_gcvt for a wide field): the shortest round-trip digits, in
   * positional notation unless the decimal exponent is below -14 or above 15 with no fraction
   * digits, then as {@code 1.5e300} / {@code 1e-16}. Checked against MariaDB 10.11, which shares
   * the routine with MySQL.
   */
  public static String formatDouble(double d) {
    if (d == 0) {
      return "0";
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not a finite double: " + d);
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int len = digits.length();
    int decpt = len - bd.scale();
    StringBuilder sb = new StringBuilder(len + 8);
    if (d < 0) {
      sb.append('-');
    }
    if (decpt >= -14 && (decpt <= 15 || len > decpt)) {
      if (decpt <= 0) {
        sb.append("0.");
        for (int i = 0; i < -decpt; i++) {
          sb.append('0');
        }
        sb.append(digits);
      } else if (decpt >= len) {
        sb.append(digits);
        for (int i = len; i < decpt; i++) {
          sb.append('0');
        }
      } else {
        sb.append(digits, 0, decpt).append('.').append(digits, decpt, len);
      }
    } else {
      sb.append(digits.charAt(0));
      if (len > 1) {
        sb.append('.').append(digits, 1, len);
      }
      sb.append('e').append(decpt - 1);
    }
    return sb.toString();
  }

  private static IllegalArgumentException unsupported(Object v) {
    return new IllegalArgumentException(
        "not an evaluator value: " + (v == null ? "null" : v.getClass().getName()));
  }
}
