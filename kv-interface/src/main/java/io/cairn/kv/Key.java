package io.cairn.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string that names a value in the store.
 *
 * <p>Keys order by unsigned lexicographic comparison of their bytes (the order TiKV and
 * RocksDB use), so {@code 0x7F < 0x80 < 0xFF} and a key sorts before every key it is a strict
 * prefix of. {@link #toString()} is lower-case hex. The empty key {@link #EMPTY} is the
 * smallest key; stores never hold a value under it, and ranges use it as "unbounded".
 *
 * <p>Instances are thread-safe. The wrapped array is never exposed: {@link #toByteArray()}
 * copies, and {@link #copyOf} copies on the way in. {@link #wrap} skips that copy for callers
 * that have just built the array and will not touch it again.
 */
public final class Key implements Comparable<Key> {

  public static final Key EMPTY = new Key(new byte[0]);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private int hash;

  private Key(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A key holding a copy of {@code bytes}. */
  public static Key copyOf(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Key(bytes.clone());
  }

  /** A key holding a copy of {@code bytes[offset, offset + length)}. */
  public static Key copyOf(byte[] bytes, int offset, int length) {
    return length == 0 ? EMPTY : new Key(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * A key over {@code bytes} without copying. The caller hands the array over: modifying it
   * afterwards breaks the key's ordering and hashing.
   */
  public static Key wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Key(bytes);
  }

  /** The UTF-8 bytes of {@code s}; convenient for tests and meta keys. */
  public static Key utf8(String s) {
    return wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses the output of {@link #toString()}. */
  public static Key fromHex(String hex) {
    return wrap(HEX.parseHex(hex));
  }

  public int length() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The byte at {@code index}, as an unsigned value 0..255. */
  public int byteAt(int index) {
    return bytes[index] & 0xFF;
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  public boolean startsWith(Key prefix) {
    return bytes.length >= prefix.bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /** This key followed by {@code suffix}. */
  public Key append(byte[] suffix) {
    byte[] out = Arrays.copyOf(bytes, bytes.length + suffix.length);
    System.arraycopy(suffix, 0, out, bytes.length, suffix.length);
    return wrap(out);
  }

  /**
   * The smallest key greater than this one: this key followed by one {@code 0x00} byte. Use it
   * to turn an inclusive end into an exclusive one.
   */
  public Key next() {
    return wrap(Arrays.copyOf(bytes, bytes.length + 1));
  }

  /**
   * The smallest key greater than every key that starts with this one, computed as TiDB's
   * {@code Key.PrefixNext}: the last byte that is not {@code 0xFF} is incremented and the
   * {@code 0xFF} bytes after it wrap to {@code 0x00}, so the length does not change. When every byte
   * is {@code 0xFF} no such key of the same length exists, and (as in TiDB) the result is this
   * key followed by {@code 0x00}.
   *
   * <p>Because the length is kept, the result is not the tightest bound of the prefix's keys:
   * {@code 61ff.prefixNext()} is {@code 6200}, and {@code 62} lies below it without starting
   * with {@code 61ff}. That is harmless for TiDB's fixed-width key parts; for an exact prefix
   * range use {@link #prefixEnd()}.
   */
  public Key prefixNext() {
    byte[] out = bytes.clone();
    for (int i = out.length - 1; i >= 0; i--) {
      out[i]++;
      if (out[i] != 0) {
        return wrap(out);
      }
    }
    return next();
  }

  /**
   * The smallest key greater than every key that starts with this one: trailing {@code 0xFF}
   * bytes are dropped and the last remaining byte is incremented ({@code 61ff} gives
   * {@code 62}). Returns {@link #EMPTY}, meaning unbounded, when every byte is {@code 0xFF}.
   */
  public Key prefixEnd() {
    int last = bytes.length - 1;
    while (last >= 0 && bytes[last] == (byte) 0xFF) {
      last--;
    }
    if (last < 0) {
      return EMPTY;
    }
    byte[] out = Arrays.copyOf(bytes, last + 1);
    out[last]++;
    return wrap(out);
  }

  @Override
  public int compareTo(Key other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return HEX.formatHex(bytes);
  }
}
