package io.cairn.codec;

import java.util.Arrays;

/**
 * A growable byte buffer that encoders append to, so that a key or row made of many parts is
 * built in one array without intermediate copies.
 *
 * <p>Not thread-safe: one writer belongs to one encoding task. {@link #toByteArray()} copies;
 * the writer can be {@link #reset()} and reused afterwards.
 */
public final class ByteWriter {

  private byte[] buf;
  private int size;

  public ByteWriter() {
    this(32);
  }

  public ByteWriter(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("negative capacity " + initialCapacity);
    }
    buf = new byte[Math.max(initialCapacity, 8)];
  }

  /** Number of bytes written so far. */
  public int size() {
    return size;
  }

  /** Forgets all written bytes, keeping the allocated capacity. */
  public ByteWriter reset() {
    size = 0;
    return this;
  }

  /** Appends the low 8 bits of {@code b}. */
  public ByteWriter write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  public ByteWriter write(byte[] bytes) {
    return write(bytes, 0, bytes.length);
  }

  public ByteWriter write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
    return this;
  }

  /** Appends {@code v} as 8 bytes, most significant first. */
  public ByteWriter writeLongBigEndian(long v) {
    int at = reserve(8);
    NumberCodec.putLongBigEndian(buf, at, v);
    return this;
  }

  /** Appends the low {@code width} bytes of {@code v}, least significant first. */
  public ByteWriter writeLittleEndian(long v, int width) {
    int at = reserve(width);
    for (int i = 0; i < width; i++) {
      buf[at + i] = (byte) v;
      v >>>= 8;
    }
    return this;
  }

  /** Overwrites the low {@code width} bytes of {@code v}, little-endian, at {@code position}. */
  public void setLittleEndian(int position, long v, int width) {
    if (position < 0 || position + width > size) {
      throw new IndexOutOfBoundsException("position " + position + " width " + width);
    }
    for (int i = 0; i < width; i++) {
      buf[position + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** A copy of the written bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /**
   * Grows the size by {@code n} bytes and returns the offset of the first of them in {@link
   * #buffer()}, for encoders that fill a fixed-width field in place.
   */
  int reserve(int n) {
    ensure(n);
    int at = size;
    size += n;
    return at;
  }

  /** The backing array; valid only until the next write. */
  byte[] buffer() {
    return buf;
  }

  private void ensure(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length " + n);
    }
    int need = size + n;
    if (need < 0) {
      throw new CodecException("encoding exceeds 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }
}
