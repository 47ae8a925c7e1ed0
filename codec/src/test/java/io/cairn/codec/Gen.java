package io.cairn.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/** Value generators and value-level comparators for the codec's property tests. */
final class Gen {

  private static final long[] EDGE_LONGS = {
    0, 1, -1, 2, -2, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
    Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE,
    Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1
  };

  private Gen() {}

  static long anyLong(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> EDGE_LONGS[r.nextInt(EDGE_LONGS.length)];
      case 1 -> r.nextInt(2001) - 1000;
      case 2 -> r.nextLong() >> r.nextInt(64);
      default -> r.nextLong();
    };
  }

  /** A long close to {@code v}, or equal to it, to exercise near and equal pairs. */
  static long near(Random r, long v) {
    return r.nextInt(4) == 0 ? v : v + r.nextInt(5) - 2;
  }

  static double anyDouble(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> new double[] {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE,
          Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY, Double.MIN_NORMAL}[r.nextInt(11)];
      case 1 -> (r.nextInt(2001) - 1000) / 8.0;
      case 2 -> r.nextGaussian() * 1e6;
      default -> {
        double d;
        do {
          d = Double.longBitsToDouble(r.nextLong());
        } while (Double.isNaN(d));
        yield d;
      }
    };
  }

  static byte[] anyBytes(Random r) {
    int len = r.nextInt(10) == 0 ? r.nextInt(100) : r.nextInt(20);
    byte[] b = new byte[len];
    boolean tiny = r.nextBoolean();
    for (int i = 0; i < len; i++) {
      // A tiny alphabet with 0x00 and 0xFF makes equal prefixes and pad look-alikes common.
      b[i] = tiny ? new byte[] {0, 1, (byte) 0xF7, (byte) 0xFF}[r.nextInt(4)] : (byte) r.nextInt();
    }
    return b;
  }

  static byte[] nearBytes(Random r, byte[] a) {
    return switch (r.nextInt(4)) {
      case 0 -> a.clone();
      case 1 -> Arrays.copyOf(a, Math.max(0, a.length - 1 - r.nextInt(2)));
      case 2 -> {
        byte[] b = Arrays.copyOf(a, a.length + 1 + r.nextInt(9));
        if (r.nextBoolean()) {
          b[b.length - 1] = (byte) r.nextInt();
        }
        yield b;
      }
      default -> anyBytes(r);
    };
  }

  /** A random DECIMAL(p, f) type with 1 <= p <= 65, f <= min(30, p). */
  static ColumnType decimalType(Random r) {
    int p = r.nextInt(3) == 0 ? 1 + r.nextInt(65) : 1 + r.nextInt(20);
    int f = r.nextInt(Math.min(30, p) + 1);
    return ColumnType.decimal(p, f);
  }

  static BigDecimal decimal(Random r, int p, int f) {
    int digits = r.nextInt(4) == 0 ? p : r.nextInt(p + 1);
    BigInteger unscaled = digits == 0 ? BigInteger.ZERO : randomDigits(r, digits);
    if (r.nextBoolean()) {
      unscaled = unscaled.negate();
    }
    return new BigDecimal(unscaled, f);
  }

  static BigDecimal nearDecimal(Random r, BigDecimal a, int p, int f) {
    if (r.nextInt(4) == 0) {
      return a;
    }
    BigDecimal b = a.add(BigDecimal.valueOf(r.nextInt(5) - 2, f));
    return b.unscaledValue().abs().toString().length() > p ? a : b;
  }

  private static BigInteger randomDigits(Random r, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append((char) ('0' + (r.nextInt(3) == 0 ? 9 : r.nextInt(10))));
    }
    return new BigInteger(sb.toString());
  }

  static MysqlTime time(Random r, MysqlTime.Type type, int fsp) {
    if (r.nextInt(20) == 0) {
      return MysqlTime.zero(type, fsp);
    }
    int year = r.nextInt(3) == 0 ? r.nextInt(10000) : 1970 + r.nextInt(70);
    int month = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(12);
    int day = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(31);
    if (type == MysqlTime.Type.DATE) {
      return new MysqlTime(type, 0, year, month, day, 0, 0, 0, 0);
    }
    int scale = (int) Math.pow(10, 6 - fsp);
    int micro = r.nextInt(1_000_000) / scale * scale;
    return new MysqlTime(
        type, fsp, year, month, day, r.nextInt(24), r.nextInt(60), r.nextInt(60), micro);
  }

  static MysqlTime nearTime(Random r, MysqlTime a) {
    if (r.nextInt(3) == 0) {
      return a;
    }
    int field = r.nextInt(a.type() == MysqlTime.Type.DATE ? 3 : 7);
    int[] f = {a.year(), a.month(), a.day(), a.hour(), a.minute(), a.second(), a.microsecond()};
    int[] max = {9999, 12, 31, 23, 59, 59, 999_999};
    f[field] = Math.max(0, Math.min(max[field], f[field] + r.nextInt(3) - 1));
    if (field == 6) {
      int scale = (int) Math.pow(10, 6 - a.fsp());
      f[6] = f[6] / scale * scale;
    }
    return new MysqlTime(a.type(), a.fsp(), f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
  }

  static Duration duration(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> Duration.ofNanos(anyLong(r));
      case 1 -> Duration.ofSeconds(r.nextInt(838 * 3600 * 2 + 1) - 838 * 3600, 1000L * r.nextInt(1_000_000));
      default -> Duration.ofNanos(r.nextInt(2001) - 1000);
    };
  }

  /** A random column type of any kind. */
  static ColumnType anyType(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> ColumnType.INT64;
      case 1 -> ColumnType.UINT64;
      case 2 -> ColumnType.FLOAT64;
      case 3 -> decimalType(r);
      case 4 -> ColumnType.BYTES;
      case 5 -> ColumnType.DATE;
      case 6 -> ColumnType.datetime(r.nextInt(7));
      case 7 -> ColumnType.timestamp(r.nextInt(7));
      default -> ColumnType.duration(r.nextInt(7));
    };
  }

  /** A random non-null value of {@code type}. */
  static Object value(Random r, ColumnType type) {
    return switch (type.kind()) {
      case INT64, UINT64 -> anyLong(r);
      case FLOAT64 -> anyDouble(r);
      case DECIMAL -> decimal(r, type.precision(), type.scale());
      case BYTES -> anyBytes(r);
      case DATE, DATETIME, TIMESTAMP -> time(r, type.timeType(), type.scale());
      case DURATION -> duration(r);
    };
  }

  /** A value of {@code type} equal or close to {@code a}. */
  static Object near(Random r, ColumnType type, Object a) {
    if (a == null) {
      return r.nextBoolean() ? null : value(r, type);
    }
    return switch (type.kind()) {
      case INT64, UINT64 -> near(r, (Long) a);
      case FLOAT64 -> r.nextBoolean() ? a : Math.nextUp((Double) a);
      case DECIMAL -> nearDecimal(r, (BigDecimal) a, type.precision(), type.scale());
      case BYTES -> nearBytes(r, (byte[]) a);
      case DATE, DATETIME, TIMESTAMP -> nearTime(r, (MysqlTime) a);
      case DURATION -> {
        Duration b = ((Duration) a).plusNanos(r.nextInt(3) - 1);
        try {
          b.toNanos();
          yield b;
        } catch (ArithmeticException e) {
          yield a;
        }
      }
    };
  }

  /** Value order of {@code type}, SQL NULL first. */
  static Comparator<Object> order(ColumnType type) {
    Comparator<Object> c =
        switch (type.kind()) {
          case INT64 -> (a, b) -> Long.compare((Long) a, (Long) b);
          case UINT64 -> (a, b) -> Long.compareUnsigned((Long) a, (Long) b);
          // Numeric order, in which -0.0 equals 0.0 (Double.compare would not say so).
          case FLOAT64 -> (a, b) -> (Double) a < (Double) b ? -1 : (Double) a > (Double) b ? 1 : 0;
          case DECIMAL -> (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
          case BYTES -> (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
          case DATE, DATETIME, TIMESTAMP ->
              (a, b) ->
                  Long.compareUnsigned(
                      ((MysqlTime) a).toPackedUint(), ((MysqlTime) b).toPackedUint());
          case DURATION -> (a, b) -> ((Duration) a).compareTo((Duration) b);
        };
    return Comparator.nullsFirst(c);
  }

  /** Whether a decoded value is the value that was encoded, as the codec promises. */
  static boolean sameValue(ColumnType type, Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    return switch (type.kind()) {
      case BYTES -> Arrays.equals((byte[]) expected, (byte[]) actual);
      // -0.0 comes back as 0.0, as in TiDB; every other double comes back bit for bit.
      case FLOAT64 -> (Double) expected == 0.0
          ? (Double) actual == 0.0
          : ((Double) expected).equals(actual);
      case DECIMAL -> {
        BigDecimal a = (BigDecimal) actual;
        int scale = type.precision() == 0 ? DecimalCodec.fracOf((BigDecimal) expected) : type.scale();
        yield ((BigDecimal) expected).compareTo(a) == 0 && a.scale() == scale;
      }
      default -> expected.equals(actual);
    };
  }

  static String show(Object v) {
    if (v instanceof byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
    return String.valueOf(v);
  }
}
