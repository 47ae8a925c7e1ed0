package io.cairn.codec;

/**
 * Fixed-width memcomparable numbers (TiDB {@code codec.EncodeInt}, {@code EncodeUint}, {@code
 * EncodeUintDesc}, {@code EncodeFloat}). Every form is exactly 8 bytes, big-endian, and the
 * unsigned byte order of the encodings equals the order of the values.
 *
 * <ul>
 *   <li>int64 ascending: {@code v ^ 0x8000_0000_0000_0000}, so negatives sort first. {@code 1}
 *       is {@code 80 00 00 00 00 00 00 01}, {@code -1} is {@code 7F FF FF FF FF FF FF FF}.
 *   <li>uint64 ascending ({@code v} read as unsigned): {@code v} as is.
 *   <li>uint64 descending: {@code ~v} (TiKV's timestamp suffix in MVCC keys).
 *   <li>float64: take the IEEE-754 bits {@code u}; if {@code f >= 0} set the sign bit, else
 *       complement all bits. {@code 1.0} is {@code BF F0 00 00 00 00 00 00}, {@code -1.0} is
 *       {@code 40 0F FF FF FF FF FF FF}. As in TiDB, {@code -0.0} encodes like {@code 0.0} (and
 *       decodes as {@code 0.0}); a NaN is encoded by its bits like a negative number, so only
 *       non-NaN values are ordered.
 * </ul>
 */
public final class NumberCodec {

  private static final long SIGN_MASK = 0x8000_0000_0000_0000L;

  /** Encoded width of every number in this class. */
  public static final int WIDTH = 8;

  private NumberCodec() {}

  public static void putLongBigEndian(byte[] out, int offset, long v) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  public static long getLongBigEndian(byte[] in, int offset) {
    if (offset < 0 || offset + 8 > in.length) {
      throw new CodecException("8-byte integer truncated at offset " + offset);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[offset + i] & 0xFF);
    }
    return v;
  }

  /** Signed int64, ascending: {@code v ^ signBit} big-endian. */
  public static void encodeInt64(byte[] out, int offset, long v) {
    putLongBigEndian(out, offset, v ^ SIGN_MASK);
  }

  public static long decodeInt64(byte[] in, int offset) {
    return getLongBigEndian(in, offset) ^ SIGN_MASK;
  }

  /** Unsigned uint64 ({@code v} read as unsigned), ascending: big-endian. */
  public static void encodeUint64(byte[] out, int offset, long v) {
    putLongBigEndian(out, offset, v);
  }

  public static long decodeUint64(byte[] in, int offset) {
    return getLongBigEndian(in, offset);
  }

  /** Unsigned uint64, descending: {@code ~v} big-endian (TiKV's timestamp suffix). */
  public static void encodeUint64Desc(byte[] out, int offset, long v) {
    putLongBigEndian(out, offset, ~v);
  }

  public static long decodeUint64Desc(byte[] in, int offset) {
    return ~getLongBigEndian(in, offset);
  }

  /** The order-preserving 64-bit image of {@code f} (TiDB {@code encodeFloatToCmpUint64}). */
  public static long floatToComparable(double f) {
    long u = Double.doubleToRawLongBits(f);
    // "f >= 0" rather than a sign-bit test: -0.0 must land on the same image as 0.0.
    return f >= 0 ? u | SIGN_MASK : ~u;
  }

  public static double comparableToFloat(long u) {
    return Double.longBitsToDouble((u & SIGN_MASK) != 0 ? u & ~SIGN_MASK : ~u);
  }

  public static void encodeFloat64(byte[] out, int offset, double f) {
    putLongBigEndian(out, offset, floatToComparable(f));
  }

  public static double decodeFloat64(byte[] in, int offset) {
    return comparableToFloat(getLongBigEndian(in, offset));
  }

  public static void writeInt64(ByteWriter w, long v) {
    w.writeLongBigEndian(v ^ SIGN_MASK);
  }

  public static long readInt64(ByteReader r) {
    return r.readLongBigEndian() ^ SIGN_MASK;
  }

  public static void writeUint64(ByteWriter w, long v) {
    w.writeLongBigEndian(v);
  }

  public static long readUint64(ByteReader r) {
    return r.readLongBigEndian();
  }

  public static void writeUint64Desc(ByteWriter w, long v) {
    w.writeLongBigEndian(~v);
  }

  public static long readUint64Desc(ByteReader r) {
    return ~r.readLongBigEndian();
  }

  public static void writeFloat64(ByteWriter w, double f) {
    w.writeLongBigEndian(floatToComparable(f));
  }

  public static double readFloat64(ByteReader r) {
    return comparableToFloat(r.readLongBigEndian());
  }
}
