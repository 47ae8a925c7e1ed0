package io.cairn.coprocessor.expr.value;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.SqlMode;
import io.cairn.coprocessor.expr.types.MysqlType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.temporal.ChronoUnit;

/**
 * Conversions into DATE/DATETIME/TIMESTAMP and TIME values, with MySQL's parsing rules: delimited
 * strings ({@code 2020-1-2 3:04:05.6}, any punctuation as delimiter, 'T' before the time), digit
 * strings and numbers ({@code 20200102}, {@code 200102}, {@code 20200102030405}), two-digit years
 * (00–69 → 20xx, 70–99 → 19xx), fractional seconds rounded half up to the target fsp. An invalid
 * value yields null (SQL NULL) with warning 1292 "Incorrect datetime value"; zero dates and zero
 * parts are refused when NO_ZERO_DATE / NO_ZERO_IN_DATE are set.
 */
public final class Temporal {
  private Temporal() {}

  public static MysqlTime toTime(Object v, boolean unsigned, MysqlType target, int fsp, EvalContext ctx) {
    return toTime(v, unsigned, target, fsp, ctx, false);
  }

  /**
   * @param fuzzy accept zero dates and zero parts whatever the sql_mode, as MySQL's date-part
   *     functions (YEAR('0000-00-00') is 0) and DATE_FORMAT do
   */
  public static MysqlTime toTime(
      Object v, boolean unsigned, MysqlType target, int fsp, EvalContext ctx, boolean fuzzy) {
    if (v instanceof MysqlTime t) {
      return convertTime(t, target, fsp);
    } else if (v instanceof String s) {
      return parseDatetime(s, target, fsp, ctx, fuzzy);
    } else if (v instanceof Long l) {
      return fromNumber(unsigned && l < 0 ? -1 : l, 0, Long.toString(l), target, fsp, ctx, fuzzy);
    } else if (v instanceof BigDecimal bd) {
      BigDecimal ip = bd.setScale(0, RoundingMode.DOWN);
      int micro = bd.subtract(ip).movePointRight(6).abs().setScale(0, RoundingMode.HALF_UP).intValue();
      return fromNumber(ip.longValue(), micro, bd.toPlainString(), target, fsp, ctx, fuzzy);
    } else if (v instanceof Double d) {
      long ip = (long) d.doubleValue();
      int micro = (int) Math.round(Math.abs(d - ip) * 1e6);
      return fromNumber(ip, micro, Convert.formatDouble(d), target, fsp, ctx, fuzzy);
    } else if (v instanceof MysqlDuration d) {
      LocalDateTime day = LocalDateTime.ofInstant(ctx.statementStart(), ctx.timeZone()).truncatedTo(ChronoUnit.DAYS);
      return MysqlTime.of(day.plus(d.micros(), ChronoUnit.MICROS), target, fsp);
    }
    throw new IllegalArgumentException("cannot convert " + v + " to a date");
  }

  private static MysqlTime convertTime(MysqlTime t, MysqlType target, int fsp) {
    if (target == MysqlType.DATE) {
      return MysqlTime.date(t.year(), t.month(), t.day());
    }
    if (fsp < t.fsp() || (t.micro() % pow10(6 - fsp)) != 0) {
      return roundFraction(t, target, fsp);
    }
    return t.withType(target, fsp);
  }

  private static int pow10(int n) {
    int r = 1;
    for (int i = 0; i < n; i++) {
      r *= 10;
    }
    return r;
  }

  private static MysqlTime roundFraction(MysqlTime t, MysqlType target, int fsp) {
    int unit = pow10(6 - fsp);
    long rounded = ((t.micro() + unit / 2) / unit) * unit;
    if (rounded < 1_000_000) {
      return new MysqlTime(t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(), (int) rounded, target, fsp);
    }
    if (!t.isCalendarValid()) {
      return new MysqlTime(t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(), 1_000_000 - unit, target, fsp);
    }
    LocalDateTime l = t.toLocalDateTime().withNano(0).plusSeconds(1);
    return MysqlTime.of(l, target, fsp);
  }

  private static MysqlTime fromNumber(
      long n, int micro, String text, MysqlType target, int fsp, EvalContext ctx, boolean fuzzy) {
    if (n < 0) {
      return invalid(text, target, ctx);
    }
    if (n == 0 && micro == 0) {
      return checkModes(new MysqlTime(0, 0, 0, 0, 0, 0, 0, target, fsp), text, target, ctx, fuzzy);
    }
    long date;
    long time = 0;
    if (n < 100_000_000L) {
      date = n;
    } else {
      date = n / 1_000_000L;
      time = n % 1_000_000L;
    }
    int y = (int) (date / 10000);
    int m = (int) (date / 100 % 100);
    int d = (int) (date % 100);
    if (date < 10000000L) {
      if (date < 101) {
        return invalid(text, target, ctx);
      }
      y = y < 70 ? 2000 + y : y < 100 ? 1900 + y : y;
    }
    int hh = (int) (time / 10000);
    int mi = (int) (time / 100 % 100);
    int ss = (int) (time % 100);
    return build(y, m, d, hh, mi, ss, micro, text, target, fsp, ctx, fuzzy);
  }

  private static MysqlTime build(
      int y, int m, int d, int hh, int mi, int ss, int micro,
      String text, MysqlType target, int fsp, EvalContext ctx, boolean fuzzy) {
    if (y > 9999 || m > 12 || d > 31 || hh > 23 || mi > 59 || ss > 59) {
      return invalid(text, target, ctx);
    }
    boolean carry = micro >= 1_000_000;
    MysqlTime t = new MysqlTime(y, m, d, hh, mi, ss, carry ? 999_999 : micro, MysqlType.DATETIME, 6);
    if (!t.hasZeroInDate() && !ctx.has(SqlMode.ALLOW_INVALID_DATES) && !t.isCalendarValid()) {
      return invalid(text, target, ctx);
    }
    if (carry && t.isCalendarValid()) {
      t = MysqlTime.of(t.toLocalDateTime().withNano(0).plusSeconds(1), MysqlType.DATETIME, 6);
    }
    if (t.hasZeroInDate() && !t.isZero() && t.month() != 0 && t.day() > 31) {
      return invalid(text, target, ctx);
    }
    t = convertTime(t, target, fsp);
    return checkModes(t, text, target, ctx, fuzzy);
  }

  private static MysqlTime checkModes(MysqlTime t, String text, MysqlType target, EvalContext ctx, boolean fuzzy) {
    if (fuzzy) {
      return t;
    }
    if (t.isZero()) {
      return ctx.has(SqlMode.NO_ZERO_DATE) ? invalid(text, target, ctx) : t;
    }
    if (t.hasZeroInDate() && ctx.has(SqlMode.NO_ZERO_IN_DATE)) {
      return invalid(text, target, ctx);
    }
    return t;
  }

  private static MysqlTime invalid(String text, MysqlType target, EvalContext ctx) {
    ctx.truncated("Incorrect " + typeWord(target) + " value: '" + text + "'");
    return null;
  }

  private static String typeWord(MysqlType t) {
    return switch (t) {
      case DATE -> "date";
      case TIME -> "time";
      default -> "datetime";
    };
  }

  /** Parses a date/datetime string; null (with a warning) when it is not a valid value. */
  public static MysqlTime parseDatetime(String s, MysqlType target, int fsp, EvalContext ctx) {
    return parseDatetime(s, target, fsp, ctx, false);
  }

  private static MysqlTime parseDatetime(String s, MysqlType target, int fsp, EvalContext ctx, boolean fuzzy) {
    int n = s.length();
    int i = Convert.skipSpaces(s, 0);
    int start = i;
    while (i < n && Convert.isDigit(s.charAt(i))) {
      i++;
    }
    int firstLen = i - start;
    boolean allDigits = i == n || s.charAt(i) == '.' || Convert.onlySpacesFrom(s, i);
    if (firstLen == 0) {
      return invalid(s, target, ctx);
    }
    if (allDigits && firstLen >= 5) {
      String d = s.substring(start, i);
      int micro = 0;
      int j = i;
      if (j < n && s.charAt(j) == '.') {
        j++;
        int fs = j;
        while (j < n && Convert.isDigit(s.charAt(j))) {
          j++;
        }
        micro = fraction(s.substring(fs, j));
      }
      if (!Convert.onlySpacesFrom(s, j)) {
        return invalid(s, target, ctx);
      }
      return fromDigits(d, micro, s, target, fsp, ctx, fuzzy);
    }
    int[] parts = new int[6];
    int count = 0;
    int p = start;
    int yearDigits = firstLen;
    int micro = 0;
    while (count < 6) {
      int ds = p;
      long val = 0;
      while (p < n && Convert.isDigit(s.charAt(p)) && p - ds < 9) {
        val = val * 10 + (s.charAt(p) - '0');
        p++;
      }
      if (p == ds) {
        break;
      }
      parts[count++] = (int) val;
      if (p >= n) {
        break;
      }
      char c = s.charAt(p);
      if (count == 3) {
        if (c != ' ' && c != 'T') {
          break;
        }
        p++;
        while (p < n && s.charAt(p) == ' ') {
          p++;
        }
        continue;
      }
      // any ASCII punctuation delimits parts, as in MySQL; letters and spaces end the value
      if (count == 6 || !isPunct(c)) {
        break;
      }
      p++;
    }
    if (count < 3) {
      return invalid(s, target, ctx);
    }
    if (count == 6 && p < n && s.charAt(p) == '.') {
      int fs = ++p;
      while (p < n && Convert.isDigit(s.charAt(p))) {
        p++;
      }
      micro = fraction(s.substring(fs, p));
    }
    int year = parts[0];
    if (yearDigits <= 2) {
      year = year < 70 ? 2000 + year : 1900 + year;
    }
    boolean trailing = !Convert.onlySpacesFrom(s, p);
    MysqlTime t = build(year, parts[1], parts[2], parts[3], parts[4], parts[5], micro, s, target, fsp, ctx, fuzzy);
    if (t != null && trailing) {
      ctx.truncated("Truncated incorrect " + typeWord(target) + " value: '" + s + "'");
    }
    return t;
  }

  private static boolean isPunct(char c) {
    return c < 128 && !Character.isLetterOrDigit(c) && !Convert.isSpace(c);
  }

  /**
   * Six-digit microseconds from a fraction's digits, rounded half up beyond the sixth digit; may be
   * 1,000,000 (a carry into the seconds, which the callers apply).
   */
  private static int fraction(String digits) {
    if (digits.isEmpty()) {
      return 0;
    }
    String d = (digits + "000000");
    int micro = Integer.parseInt(d.substring(0, 6));
    if (digits.length() > 6 && digits.charAt(6) >= '5') {
      micro++;
    }
    return micro;
  }

  private static MysqlTime fromDigits(
      String d, int micro, String text, MysqlType target, int fsp, EvalContext ctx, boolean fuzzy) {
    int len = d.length();
    int y;
    int pos;
    if (len == 8 || len == 14) {
      y = Integer.parseInt(d.substring(0, 4));
      pos = 4;
    } else if (len == 6 || len == 12) {
      y = Integer.parseInt(d.substring(0, 2));
      y = y < 70 ? 2000 + y : 1900 + y;
      pos = 2;
    } else {
      return invalid(text, target, ctx);
    }
    int m = Integer.parseInt(d.substring(pos, pos + 2));
    int day = Integer.parseInt(d.substring(pos + 2, pos + 4));
    int hh = 0;
    int mi = 0;
    int ss = 0;
    if (len > 8 || len == 12) {
      hh = Integer.parseInt(d.substring(pos + 4, pos + 6));
      mi = Integer.parseInt(d.substring(pos + 6, pos + 8));
      ss = Integer.parseInt(d.substring(pos + 8, pos + 10));
    }
    return build(y, m, day, hh, mi, ss, micro, text, target, fsp, ctx, fuzzy);
  }

  // ---------------------------------------------------------------- TIME

  public static MysqlDuration toDuration(Object v, boolean unsigned, int fsp, EvalContext ctx) {
    if (v instanceof MysqlDuration d) {
      return roundDuration(d.micros(), fsp);
    } else if (v instanceof MysqlTime t) {
      long m = ((t.hour() * 3600L + t.minute() * 60L + t.second()) * 1_000_000L) + t.micro();
      return roundDuration(m, fsp);
    } else if (v instanceof String s) {
      return parseDuration(s, fsp, ctx);
    } else if (v instanceof Long l) {
      return durationFromNumber(Math.abs(l), 0, l < 0, Long.toString(l), fsp, ctx);
    } else if (v instanceof BigDecimal bd) {
      BigDecimal a = bd.abs();
      BigDecimal ip = a.setScale(0, RoundingMode.DOWN);
      int micro = a.subtract(ip).movePointRight(6).setScale(0, RoundingMode.HALF_UP).intValue();
      return durationFromNumber(ip.longValue(), micro, bd.signum() < 0, bd.toPlainString(), fsp, ctx);
    } else if (v instanceof Double d) {
      return toDuration(Convert.toDecimal(d, false, ctx), false, fsp, ctx);
    }
    throw new IllegalArgumentException("cannot convert " + v + " to TIME");
  }

  private static MysqlDuration roundDuration(long micros, int fsp) {
    long unit = pow10(6 - fsp);
    long abs = Math.abs(micros);
    long r = ((abs + unit / 2) / unit) * unit;
    if (r > MysqlDuration.MAX_MICROS) {
      r = MysqlDuration.MAX_MICROS / unit * unit;
    }
    return new MysqlDuration(micros < 0 ? -r : r, fsp);
  }

  private static MysqlDuration durationFromNumber(
      long n, int micro, boolean neg, String text, int fsp, EvalContext ctx) {
    if (n >= 10_000_000_000L) {
      MysqlTime t = fromNumber(n, micro, text, MysqlType.DATETIME, 6, ctx, false);
      return t == null ? null : toDuration(t, false, fsp, ctx);
    }
    long ss = n % 100;
    long mi = n / 100 % 100;
    long hh = n / 10000;
    if (ss > 59 || mi > 59) {
      ctx.truncated("Truncated incorrect time value: '" + text + "'");
      return null;
    }
    return clampDuration(neg, hh, (int) mi, (int) ss, micro, text, fsp, ctx);
  }

  private static MysqlDuration clampDuration(
      boolean neg, long hh, int mi, int ss, int micro, String text, int fsp, EvalContext ctx) {
    long m = ((hh * 3600 + mi * 60L + ss) * 1_000_000L) + micro;
    if (hh > 838 || m > MysqlDuration.MAX_MICROS) {
      ctx.truncated("Truncated incorrect time value: '" + text + "'");
      long unit = pow10(6 - fsp);
      long max = MysqlDuration.MAX_MICROS / unit * unit;
      return new MysqlDuration(neg ? -max : max, fsp);
    }
    return roundDuration(neg ? -m : m, fsp);
  }

  /** {@code [D ]hh[:mm[:ss]][.frac]} or {@code hhmmss[.frac]}, after an optional minus sign. */
  private static final Pattern TIME_PREFIX =
      Pattern.compile("(?:(\\d{1,9}) )?(\\d{1,12})(?::(\\d{1,9})(?::(\\d{1,9}))?)?(?:\\.(\\d*))?");

  /** Parses {@code [-][D ]hh:mm[:ss[.frac]]}, {@code hhmmss[.frac]} or a datetime's time part. */
  public static MysqlDuration parseDuration(String s, int fsp, EvalContext ctx) {
    String t = s.strip();
    boolean neg = false;
    int p = 0;
    if (!t.isEmpty() && t.charAt(0) == '-') {
      neg = true;
      p = 1;
    }
    if (t.indexOf('-', p) > 0 || (t.length() - p >= 12 && t.indexOf(':') < 0 && t.indexOf(' ') < 0)) {
      MysqlTime dt = parseDatetime(s, MysqlType.DATETIME, 6, ctx);
      return dt == null ? null : toDuration(dt, false, fsp, ctx);
    }
    Matcher m = TIME_PREFIX.matcher(t).region(p, t.length());
    if (!m.lookingAt()) {
      ctx.truncated("Truncated incorrect time value: '" + s + "'");
      return null;
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long hh;
    int mi;
    int ss;
    if (m.group(3) != null) {
      hh = Long.parseLong(m.group(2));
      mi = Integer.parseInt(m.group(3));
      ss = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    } else if (m.group(1) != null) {
      hh = Long.parseLong(m.group(2));
      mi = 0;
      ss = 0;
    } else {
      long n = Long.parseLong(m.group(2));
      ss = (int) (n % 100);
      mi = (int) (n / 100 % 100);
      hh = n / 10000;
    }
    int micro = m.group(5) == null ? 0 : fraction(m.group(5));
    if (mi > 59 || ss > 59) {
      ctx.truncated("Truncated incorrect time value: '" + s + "'");
      return null;
    }
    if (m.end() < t.length()) {
      // MySQL keeps the time it could read and warns about the rest ('10:20:30abc').
      ctx.truncated("Truncated incorrect time value: '" + s + "'");
    }
    return clampDuration(neg, days * 24 + hh, mi, ss, micro, s, fsp, ctx);
  }
}
