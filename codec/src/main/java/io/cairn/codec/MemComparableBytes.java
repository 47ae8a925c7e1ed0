package io.cairn.codec;

import java.util.Arrays;

/**
 * TiDB/TiKV's memcomparable encoding of a byte string: the encoded forms compare (as
 * unsigned bytes) in the same order as the originals, and no encoding is a prefix of
 * another, so they can be followed by more key parts.
 *
 * <p>Layout: the input is cut into groups of 8 bytes. Each group is written in full,
 * zero-padded if short, and followed by a marker byte {@code 0xFF - padCount}. The last group
 * is the first one with padding; an input whose length is a multiple of 8 (the empty input
 * too) ends with an all-zero group and marker {@code 0xF7}. For example {@code "abc"} encodes
 * as {@code 61 62 63 00 00 00 00 00 FA}, the empty string as {@code 00 00 00 00 00 00 00 00
 * F7}. An input of {@code n} bytes takes {@code (n / 8 + 1) * 9} bytes.
 *
 * <p>Decoding is strict: a marker below {@code 0xF7} or a non-zero pad byte is rejected, so
 * every byte string has exactly one valid encoding.
 */
public final class MemComparableBytes {

  static final int GROUP_SIZE = 8;
  private static final int MARKER = 0xFF;
  private static final byte PAD = 0;

  private MemComparableBytes() {}

  /** Length of the encoding of an input of {@code length} bytes. */
  public static int encodedLength(int length) {
    return (length / GROUP_SIZE + 1) * (GROUP_SIZE + 1);
  }

  public static byte[] encode(byte[] data) {
    byte[] out = new byte[encodedLength(data.length)];
    encodeInto(data, out, 0);
    return out;
  }

  /** Writes the encoding of {@code data} at {@code offset}; returns the offset after it. */
  public static int encodeInto(byte[] data, byte[] out, int offset) {
    int pos = offset;
    for (int i = 0; i <= data.length; i += GROUP_SIZE) {
      int remain = data.length - i;
      int padCount = remain >= GROUP_SIZE ? 0 : GROUP_SIZE - remain;
      int copy = GROUP_SIZE - padCount;
      System.arraycopy(data, i, out, pos, copy);
      Arrays.fill(out, pos + copy, pos + GROUP_SIZE, PAD);
      out[pos + GROUP_SIZE] = (byte) (MARKER - padCount);
      pos += GROUP_SIZE + 1;
    }
    return pos;
  }

  /** Appends the encoding of {@code data} to {@code w}. */
  public static void write(ByteWriter w, byte[] data) {
    int at = w.reserve(encodedLength(data.length));
    encodeInto(data, w.buffer(), at);
  }

  /**
   * Reads one encoding at the reader's position and moves past it.
   *
   * @throws CodecException if the bytes are not a valid encoding
   */
  public static byte[] read(ByteReader r) {
    Decoded d = decode(r.buffer(), r.position(), r.limit());
    r.position(d.nextOffset());
    return d.value();
  }

  /** The decoded bytes and the offset just after the encoding in the source. */
  public record Decoded(byte[] value, int nextOffset) {}

  /**
   * Decodes the encoding that starts at {@code offset} of {@code buf}.
   *
   * @throws CodecException if the bytes are not a valid encoding
   */
  public static Decoded decode(byte[] buf, int offset) {
    return decode(buf, offset, buf.length);
  }

  private static Decoded decode(byte[] buf, int offset, int limit) {
    byte[] out = new byte[Math.max(16, Math.min(limit - offset, 256))];
    int len = 0;
    int pos = offset;
    while (true) {
      if (pos + GROUP_SIZE + 1 > limit) {
        throw new CodecException("memcomparable bytes truncated at offset " + pos);
      }
      int marker = buf[pos + GROUP_SIZE] & 0xFF;
      int padCount = MARKER - marker;
      if (padCount > GROUP_SIZE) {
        throw new CodecException("invalid memcomparable marker 0x" + Integer.toHexString(marker));
      }
      int real = GROUP_SIZE - padCount;
      if (len + real > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, len + real));
      }
      System.arraycopy(buf, pos, out, len, real);
      len += real;
      for (int i = real; i < GROUP_SIZE; i++) {
        if (buf[pos + i] != PAD) {
          throw new CodecException("invalid memcomparable padding at offset " + (pos + i));
        }
      }
      pos += GROUP_SIZE + 1;
      if (padCount != 0) {
        return new Decoded(Arrays.copyOf(out, len), pos);
      }
    }
  }
}
