package io.cairn.codec;

/**
 * A MySQL DATE, DATETIME or TIMESTAMP value as the codec stores it: calendar fields, the
 * column type and its fractional-seconds precision (fsp). Immutable and thread-safe.
 *
 * <p><b>Packed form</b> (TiDB {@code Time.ToPackedUint}/{@code FromPackedUint}), an unsigned
 * 64-bit number whose order is the order of the fields:
 *
 * <pre>
 *   ymd    = ((year * 13 + month) &lt;&lt; 5) | day
 *   hms    = (hour &lt;&lt; 12) | (minute &lt;&lt; 6) | second
 *   packed = (((ymd &lt;&lt; 17) | hms) &lt;&lt; 24) | microsecond
 * </pre>
 *
 * The type and fsp are not part of the packed form; they come from the column. MySQL zero
 * dates ({@code 0000-00-00}, and dates with a zero month or day such as {@code 2024-00-00})
 * are representable; the all-zero value packs to {@code 0}. {@code 2016-06-23 11:30:45} packs
 * to {@code 0x1999AEB7AD000000}.
 *
 * <p>Fields are range-checked (year 0..9999, month 0..12, day 0..31, hour 0..23, minute and
 * second 0..59, microsecond 0..999999); calendar validity (February 30th) and the TIMESTAMP
 * range are SQL-mode rules left to the SQL layer. A TIMESTAMP is stored as given: the caller
 * converts it to UTC first, as TiDB does.
 */
public record MysqlTime(
    Type type,
    int fsp,
    int year,
    int month,
    int day,
    int hour,
    int minute,
    int second,
    int microsecond)
    implements Comparable<MysqlTime> {

  /** The MySQL column type the value belongs to. */
  public enum Type {
    DATE,
    DATETIME,
    TIMESTAMP
  }

  /** Largest fractional-seconds precision MySQL allows. */
  public static final int MAX_FSP = 6;

  public MysqlTime {
    if (type == null) {
      throw new IllegalArgumentException("type is required");
    }
    check("fsp", fsp, 0, MAX_FSP);
    check("year", year, 0, 9999);
    check("month", month, 0, 12);
    check("day", day, 0, 31);
    check("hour", hour, 0, 23);
    check("minute", minute, 0, 59);
    check("second", second, 0, 59);
    check("microsecond", microsecond, 0, 999_999);
    if (type == Type.DATE && (fsp != 0 || hour != 0 || minute != 0 || second != 0
        || microsecond != 0)) {
      throw new IllegalArgumentException("a DATE has no time of day and fsp 0");
    }
  }

  public static MysqlTime date(int year, int month, int day) {
    return new MysqlTime(Type.DATE, 0, year, month, day, 0, 0, 0, 0);
  }

  public static MysqlTime datetime(
      int year, int month, int day, int hour, int minute, int second, int micro, int fsp) {
    return new MysqlTime(Type.DATETIME, fsp, year, month, day, hour, minute, second, micro);
  }

  public static MysqlTime timestamp(
      int year, int month, int day, int hour, int minute, int second, int micro, int fsp) {
    return new MysqlTime(Type.TIMESTAMP, fsp, year, month, day, hour, minute, second, micro);
  }

  /** The MySQL zero value {@code 0000-00-00 00:00:00} of the given type. */
  public static MysqlTime zero(Type type, int fsp) {
    return new MysqlTime(type, fsp, 0, 0, 0, 0, 0, 0, 0);
  }

  /** True for the all-zero value {@code 0000-00-00 00:00:00}. */
  public boolean isZero() {
    return toPackedUint() == 0;
  }

  public long toPackedUint() {
    long ymd = (((long) year * 13 + month) << 5) | day;
    long hms = ((long) hour << 12) | ((long) minute << 6) | second;
    return (((ymd << 17) | hms) << 24) | microsecond;
  }

  /**
   * Unpacks {@code packed} as a value of {@code type} and {@code fsp}.
   *
   * @throws CodecException if a field is out of range for that type
   */
  public static MysqlTime fromPackedUint(long packed, Type type, int fsp) {
    int micro = (int) (packed & 0xFF_FFFF);
    long ymdhms = packed >>> 24;
    long ymd = ymdhms >>> 17;
    int day = (int) (ymd & 0x1F);
    long ym = ymd >>> 5;
    int hms = (int) (ymdhms & 0x1_FFFF);
    int second = hms & 0x3F;
    int minute = (hms >>> 6) & 0x3F;
    int hour = hms >>> 12;
    if (ym / 13 > 9999) {
      throw new CodecException("packed time 0x" + Long.toHexString(packed) + " year too large");
    }
    try {
      return new MysqlTime(
          type, fsp, (int) (ym / 13), (int) (ym % 13), day, hour, minute, second, micro);
    } catch (IllegalArgumentException e) {
      throw new CodecException(
          "packed time 0x" + Long.toHexString(packed) + " is not a valid " + type + ": "
              + e.getMessage());
    }
  }

  /** Orders by the calendar fields only (the packed order); type and fsp break ties. */
  @Override
  public int compareTo(MysqlTime o) {
    int c = Long.compareUnsigned(toPackedUint(), o.toPackedUint());
    if (c != 0) {
      return c;
    }
    c = type.compareTo(o.type);
    return c != 0 ? c : Integer.compare(fsp, o.fsp);
  }

  /** MySQL's text form: {@code YYYY-MM-DD} or {@code YYYY-MM-DD hh:mm:ss[.fraction]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(26);
    sb.append(String.format("%04d-%02d-%02d", year, month, day));
    if (type != Type.DATE) {
      sb.append(String.format(" %02d:%02d:%02d", hour, minute, second));
      if (fsp > 0) {
        sb.append('.').append(String.format("%06d", microsecond), 0, fsp);
      }
    }
    return sb.toString();
  }

  private static void check(String field, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(field + " " + v + " not in " + min + ".." + max);
    }
  }
}
