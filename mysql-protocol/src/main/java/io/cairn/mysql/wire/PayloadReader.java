package io.cairn.mysql.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protocol's basic types from a packet payload: little-endian fixed-width integers,
 * length-encoded integers and strings, NUL-terminated strings. Every read past the end throws
 * {@link MalformedPacketException}, so a truncated packet never reads garbage. Not
 * thread-safe.
 */
public final class PayloadReader {

  private final byte[] data;
  private int pos;

  public PayloadReader(byte[] data) {
    this.data = data;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return data.length - pos;
  }

  public boolean hasRemaining() {
    return pos < data.length;
  }

  private void need(int n) {
    if (n < 0 || data.length - pos < n) {
      throw new MalformedPacketException(
          "packet truncated: need " + n + " bytes at offset " + pos + " of " + data.length);
    }
  }

  public int int1() {
    need(1);
    return data[pos++] & 0xff;
  }

  public int int2() {
    need(2);
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  public int int3() {
    need(3);
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16;
    pos += 3;
    return v;
  }

  public int int4() {
    need(4);
    int v =
        (data[pos] & 0xff)
            | (data[pos + 1] & 0xff) << 8
            | (data[pos + 2] & 0xff) << 16
            | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  public long int8() {
    long lo = int4() & 0xffffffffL;
    long hi = int4() & 0xffffffffL;
    return hi << 32 | lo;
  }

  /** A length-encoded integer; 0xFB (NULL) and 0xFF are rejected here. */
  public long lenenc() {
    int first = int1();
    if (first < 0xfb) {
      return first;
    }
    return switch (first) {
      case 0xfc -> int2();
      case 0xfd -> int3();
      case 0xfe -> int8();
      default ->
          throw new MalformedPacketException(
              "invalid length-encoded integer prefix 0x" + Integer.toHexString(first));
    };
  }

  public byte[] bytes(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  public void skip(int n) {
    need(n);
    pos += n;
  }

  public byte[] lenencBytes() {
    long n = lenenc();
    if (n > remaining()) {
      throw new MalformedPacketException("length-encoded string of " + n + " bytes overruns packet");
    }
    return bytes((int) n);
  }

  public String lenencString() {
    return new String(lenencBytes(), StandardCharsets.UTF_8);
  }

  /** Bytes up to the next NUL, which is consumed; a missing NUL is malformed. */
  public byte[] nulBytes() {
    int end = pos;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    if (end == data.length) {
      throw new MalformedPacketException("unterminated string at offset " + pos);
    }
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = end + 1;
    return out;
  }

  public String nulString() {
    return new String(nulBytes(), StandardCharsets.UTF_8);
  }

  /** Bytes up to the next NUL or the end of the packet (old clients omit the final NUL). */
  public String nulOrEofString() {
    int end = pos;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    String s = new String(data, pos, end - pos, StandardCharsets.UTF_8);
    pos = Math.min(end + 1, data.length);
    return s;
  }

  public byte[] rest() {
    return bytes(remaining());
  }

  public String restString() {
    return new String(rest(), StandardCharsets.UTF_8);
  }
}
