package io.cairn.storage.mvcc;

import io.cairn.codec.MemComparableBytes;
import io.cairn.codec.NumberCodec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The MVCC key layout (TiKV's). A user key {@code k} is stored memcomparable-encoded
 * ({@link MemComparableBytes}), written {@code enc(k)} below, so encoded keys sort like user
 * keys and no encoded key is a prefix of another:
 *
 * <pre>
 *   CF lock:    enc(k)                         → {@link Lock}
 *   CF default: enc(k) ++ desc64(start_ts)     → value (only values longer than 255 bytes)
 *   CF write:   enc(k) ++ desc64(commit_ts)    → {@link Write}
 * </pre>
 *
 * <p>{@code desc64(ts)} is {@link NumberCodec#encodeUint64Desc}: the bitwise complement of the
 * timestamp, 8 bytes big-endian, so the versions of one key sort newest first and a seek to
 * {@code enc(k) ++ desc64(ts)} lands on the newest version at or below {@code ts}. Every
 * version key of {@code k} lies in {@code [enc(k), versionUpperBound(enc(k)))}.
 */
public final class Keys {

  /** Bytes of the timestamp suffix. */
  public static final int TS_LEN = 8;

  private Keys() {}

  public static byte[] encode(byte[] userKey) {
    return MemComparableBytes.encode(userKey);
  }

  /** The user key of an encoded key (without timestamp). */
  public static byte[] decode(byte[] encodedKey) {
    MemComparableBytes.Decoded d = MemComparableBytes.decode(encodedKey, 0);
    if (d.nextOffset() != encodedKey.length) {
      throw new IllegalArgumentException(
          "trailing bytes after encoded key: " + HexFormat.of().formatHex(encodedKey));
    }
    return d.value();
  }

  /** {@code encodedKey ++ desc64(ts)}. */
  public static byte[] appendTs(byte[] encodedKey, long ts) {
    byte[] out = Arrays.copyOf(encodedKey, encodedKey.length + TS_LEN);
    NumberCodec.encodeUint64Desc(out, encodedKey.length, ts);
    return out;
  }

  /** The timestamp of a versioned key. */
  public static long decodeTs(byte[] versionedKey) {
    requireVersioned(versionedKey);
    return NumberCodec.decodeUint64Desc(versionedKey, versionedKey.length - TS_LEN);
  }

  /** The encoded user key of a versioned key (the timestamp cut off). */
  public static byte[] truncateTs(byte[] versionedKey) {
    requireVersioned(versionedKey);
    return Arrays.copyOf(versionedKey, versionedKey.length - TS_LEN);
  }

  /** Whether {@code versionedKey} is a version of {@code encodedKey}. */
  public static boolean isVersionOf(byte[] versionedKey, byte[] encodedKey) {
    return versionedKey.length == encodedKey.length + TS_LEN
        && Arrays.equals(versionedKey, 0, encodedKey.length, encodedKey, 0, encodedKey.length);
  }

  /**
   * An exclusive upper bound above every version of {@code encodedKey} and below every key of
   * a larger user key: {@code enc(k) ++ FF×8 ++ 00}. Valid because encoded keys are prefix-free.
   */
  public static byte[] versionUpperBound(byte[] encodedKey) {
    byte[] out = Arrays.copyOf(encodedKey, encodedKey.length + TS_LEN + 1);
    Arrays.fill(out, encodedKey.length, encodedKey.length + TS_LEN, (byte) 0xFF);
    return out;
  }

  public static String hex(byte[] key) {
    return key == null ? "null" : HexFormat.of().formatHex(key);
  }

  private static void requireVersioned(byte[] versionedKey) {
    if (versionedKey.length < TS_LEN + 9) {
      throw new IllegalArgumentException("not a versioned key: " + hex(versionedKey));
    }
  }
}
