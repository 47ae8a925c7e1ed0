package io.cairn.coprocessor.expr.value;

import io.cairn.coprocessor.expr.types.MysqlType;
import java.time.LocalDateTime;
import java.time.YearMonth;

/**
 * A DATE, DATETIME or TIMESTAMP value as MySQL holds it: broken-down fields, so that zero dates
 * ({@code 0000-00-00}) and dates with zero parts ({@code 2020-00-10}) are representable. The
 * evaluator's own type until codec's packed time value is on main; {@link #packed()} has the same
 * ordering as MySQL's packed datetime ({@code ((year*13+month)<<5|day)<<17|hms)<<24|micro}), so
 * bridging is a field copy.
 *
 * <p>TIMESTAMP values are kept in the session time zone, as MySQL presents them to expressions.
 */
public record MysqlTime(
    int year, int month, int day, int hour, int minute, int second, int micro, MysqlType type, int fsp)
    implements Comparable<MysqlTime> {

  public MysqlTime {
    if (type != MysqlType.DATE && type != MysqlType.DATETIME && type != MysqlType.TIMESTAMP) {
      throw new IllegalArgumentException("not a date type: " + type);
    }
    if (type == MysqlType.DATE) {
      hour = minute = second = micro = 0;
      fsp = 0;
    }
  }

  public static MysqlTime date(int year, int month, int day) {
    return new MysqlTime(year, month, day, 0, 0, 0, 0, MysqlType.DATE, 0);
  }

  public static MysqlTime datetime(
      int year, int month, int day, int hour, int minute, int second, int micro, int fsp) {
    return new MysqlTime(year, month, day, hour, minute, second, micro, MysqlType.DATETIME, fsp);
  }

  public static MysqlTime of(LocalDateTime t, MysqlType type, int fsp) {
    return new MysqlTime(
        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
        t.getSecond(), t.getNano() / 1000, type, fsp);
  }

  public boolean isZero() {
    return year == 0 && month == 0 && day == 0 && hour == 0 && minute == 0 && second == 0 && micro == 0;
  }

  public boolean hasZeroInDate() {
    return month == 0 || day == 0;
  }

  /** Whether the date is a real calendar date (no zero parts, day within month). */
  public boolean isCalendarValid() {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
        && day <= YearMonth.of(year, month).lengthOfMonth();
  }

  public LocalDateTime toLocalDateTime() {
    return LocalDateTime.of(year, month, day, hour, minute, second, micro * 1000);
  }

  public long packed() {
    long ymd = ((year * 13L + month) << 5) | day;
    long hms = ((long) hour << 12) | (minute << 6) | second;
    return (((ymd << 17) | hms) << 24) | micro;
  }

  public MysqlTime withType(MysqlType newType, int newFsp) {
    return new MysqlTime(year, month, day, hour, minute, second, micro, newType, newFsp);
  }

  @Override
  public int compareTo(MysqlTime o) {
    return Long.compare(packed(), o.packed());
  }

  /** The value as a number: YYYYMMDD for DATE, YYYYMMDDhhmmss for the others (without micros). */
  public long toNumber() {
    long d = year * 10000L + month * 100L + day;
    return type == MysqlType.DATE ? d : d * 1000000L + hour * 10000L + minute * 100L + second;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(26);
    pad(sb, year, 4).append('-');
    pad(sb, month, 2).append('-');
    pad(sb, day, 2);
    if (type != MysqlType.DATE) {
      sb.append(' ');
      pad(sb, hour, 2).append(':');
      pad(sb, minute, 2).append(':');
      pad(sb, second, 2);
      appendFraction(sb, micro, fsp);
    }
    return sb.toString();
  }

  static StringBuilder pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  static void appendFraction(StringBuilder sb, int micro, int fsp) {
    if (fsp > 0) {
      sb.append('.');
      String m = Integer.toString(1000000 + micro).substring(1);
      sb.append(m, 0, fsp);
    }
  }
}
