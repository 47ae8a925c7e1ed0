package io.cairn.codec;

import java.util.Arrays;

/**
 * A cursor over a byte range that decoders consume from, so that the parts of a composite
 * key or row are read one after another without slicing the array.
 *
 * <p>The reader never copies or modifies the underlying array; the caller must not change it
 * while reading. Reading past the limit throws {@link CodecException}. Not thread-safe.
 */
public final class ByteReader {

  private final byte[] buf;
  private final int limit;
  private int pos;

  /** A reader over all of {@code buf}. */
  public ByteReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  /** A reader over {@code buf[offset, limit)}. */
  public ByteReader(byte[] buf, int offset, int limit) {
    if (offset < 0 || limit > buf.length || offset > limit) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + limit + ") of " + buf.length + " bytes");
    }
    this.buf = buf;
    this.pos = offset;
    this.limit = limit;
  }

  /** Offset of the next byte to read in the underlying array. */
  public int position() {
    return pos;
  }

  /** Moves the cursor to {@code position} (an absolute offset within the range). */
  public void position(int position) {
    if (position < 0 || position > limit) {
      throw new IndexOutOfBoundsException("position " + position + " beyond limit " + limit);
    }
    pos = position;
  }

  public int limit() {
    return limit;
  }

  public int remaining() {
    return limit - pos;
  }

  public boolean hasRemaining() {
    return pos < limit;
  }

  /** The next byte as 0..255, without consuming it. */
  public int peekUnsignedByte() {
    need(1);
    return buf[pos] & 0xFF;
  }

  /** Consumes one byte and returns it as 0..255. */
  public int readUnsignedByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  /** Consumes {@code n} bytes and returns a copy of them. */
  public byte[] readBytes(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** Consumes 8 bytes as a big-endian long. */
  public long readLongBigEndian() {
    need(8);
    long v = NumberCodec.getLongBigEndian(buf, pos);
    pos += 8;
    return v;
  }

  /** Consumes {@code width} bytes as an unsigned little-endian number. */
  public long readLittleEndian(int width) {
    need(width);
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += width;
    return v;
  }

  public void skip(int n) {
    need(n);
    pos += n;
  }

  /** A copy of the bytes from {@code from} (absolute offset) up to the current position. */
  public byte[] copyFrom(int from) {
    if (from < 0 || from > pos) {
      throw new IndexOutOfBoundsException("from " + from + " after position " + pos);
    }
    return Arrays.copyOfRange(buf, from, pos);
  }

  byte[] buffer() {
    return buf;
  }

  private void need(int n) {
    if (n < 0 || n > limit - pos) {
      throw new CodecException(
          "need " + n + " bytes at offset " + pos + " but only " + (limit - pos) + " remain");
    }
  }
}
