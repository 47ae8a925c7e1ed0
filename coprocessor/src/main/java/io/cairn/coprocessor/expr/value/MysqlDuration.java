package io.cairn.coprocessor.expr.value;

/**
 * A TIME value: a signed duration in microseconds within MySQL's range of ±838:59:59.999999, with
 * the fractional-seconds precision it is shown with.
 */
public record MysqlDuration(long micros, int fsp) implements Comparable<MysqlDuration> {
  public static final long MAX_MICROS = ((838L * 3600 + 59 * 60 + 59) * 1_000_000L) + 999_999L;

  public MysqlDuration {
    if (Math.abs(micros) > MAX_MICROS) {
      throw new IllegalArgumentException("TIME out of range: " + micros + "us");
    }
  }

  public static MysqlDuration of(boolean negative, long hours, int minutes, int seconds, int micro, int fsp) {
    long m = ((hours * 3600 + minutes * 60L + seconds) * 1_000_000L) + micro;
    return new MysqlDuration(negative ? -m : m, fsp);
  }

  public int hours() {
    return (int) (Math.abs(micros) / 3_600_000_000L);
  }

  public int minutes() {
    return (int) (Math.abs(micros) / 60_000_000L % 60);
  }

  public int seconds() {
    return (int) (Math.abs(micros) / 1_000_000L % 60);
  }

  public int microPart() {
    return (int) (Math.abs(micros) % 1_000_000L);
  }

  /** The value as the number [-]hhmmss (fraction dropped). */
  public long toNumber() {
    long n = hours() * 10000L + minutes() * 100L + seconds();
    return micros < 0 ? -n : n;
  }

  @Override
  public int compareTo(MysqlDuration o) {
    return Long.compare(micros, o.micros);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(16);
    if (micros < 0) {
      sb.append('-');
    }
    MysqlTime.pad(sb, hours(), 2).append(':');
    MysqlTime.pad(sb, minutes(), 2).append(':');
    MysqlTime.pad(sb, seconds(), 2);
    MysqlTime.appendFraction(sb, microPart(), fsp);
    return sb.toString();
  }
}
