package io.cairn.codec;

import java.time.Duration;

/**
 * Memcomparable dates, datetimes, timestamps and durations, as TiDB writes them in keys.
 *
 * <ul>
 *   <li>DATE, DATETIME, TIMESTAMP: {@link MysqlTime#toPackedUint()} as an ascending uint64
 *       (8 bytes big-endian). {@code 2016-06-23 11:30:45} is {@code 19 99 AE B7 AD 00 00 00}.
 *   <li>TIME (a duration, which may be negative): its length in nanoseconds as an ascending
 *       int64 (TiDB stores Go's {@code time.Duration}). {@code 12:59:59.999999} is {@code 80 00
 *       2A 90 79 60 1C 18}.
 * </ul>
 */
public final class TimeCodec {

  private TimeCodec() {}

  public static void writeTime(ByteWriter w, MysqlTime t) {
    NumberCodec.writeUint64(w, t.toPackedUint());
  }

  public static MysqlTime readTime(ByteReader r, MysqlTime.Type type, int fsp) {
    return MysqlTime.fromPackedUint(NumberCodec.readUint64(r), type, fsp);
  }

  /** Nanoseconds of {@code d}; fails if they do not fit in an int64 (about 292 years). */
  public static long durationNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      throw new CodecException("duration " + d + " does not fit in int64 nanoseconds");
    }
  }

  public static void writeDuration(ByteWriter w, Duration d) {
    NumberCodec.writeInt64(w, durationNanos(d));
  }

  public static Duration readDuration(ByteReader r) {
    return Duration.ofNanos(NumberCodec.readInt64(r));
  }
}
