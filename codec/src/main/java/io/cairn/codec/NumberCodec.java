package io.cairn.codec;

/**
 * Fixed-width memcomparable integers (TiDB {@code codec.EncodeInt}/{@code EncodeUint}): 8
 * bytes big-endian. Signed values have the sign bit flipped so that negatives sort first; the
 * descending forms are the bitwise complement, as TiKV uses for timestamps in MVCC keys.
 */
public final class NumberCodec {

  private static final long SIGN_MASK = 0x8000_0000_0000_0000L;

  private NumberCodec() {}

  public static void putLongBigEndian(byte[] out, int offset, long v) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  public static long getLongBigEndian(byte[] in, int offset) {
    if (offset + 8 > in.length) {
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
}
