package io.cairn.mysql.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the protocol's basic types into a payload buffer (little-endian fixed-width
 * integers, length-encoded integers and strings, NUL-terminated strings). Not thread-safe.
 */
public final class PayloadWriter {

  private final ByteBuf buf;

  public PayloadWriter(ByteBuf buf) {
    this.buf = buf;
  }

  public ByteBuf buffer() {
    return buf;
  }

  public PayloadWriter int1(int v) {
    buf.writeByte(v);
    return this;
  }

  public PayloadWriter int2(int v) {
    buf.writeShortLE(v);
    return this;
  }

  public PayloadWriter int3(int v) {
    buf.writeMediumLE(v);
    return this;
  }

  public PayloadWriter int4(int v) {
    buf.writeIntLE(v);
    return this;
  }

  public PayloadWriter int8(long v) {
    buf.writeLongLE(v);
    return this;
  }

  public PayloadWriter zeros(int n) {
    buf.writeZero(n);
    return this;
  }

  /** A length-encoded integer; {@code v} is treated as unsigned. */
  public PayloadWriter lenenc(long v) {
    if (v >= 0 && v < 0xfb) {
      buf.writeByte((int) v);
    } else if (v >= 0 && v < 0x10000) {
      buf.writeByte(0xfc).writeShortLE((int) v);
    } else if (v >= 0 && v < 0x1000000) {
      buf.writeByte(0xfd).writeMediumLE((int) v);
    } else {
      buf.writeByte(0xfe).writeLongLE(v);
    }
    return this;
  }

  public PayloadWriter bytes(byte[] b) {
    buf.writeBytes(b);
    return this;
  }

  public PayloadWriter lenencBytes(byte[] b) {
    lenenc(b.length);
    buf.writeBytes(b);
    return this;
  }

  public PayloadWriter lenencString(String s) {
    return lenencBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public PayloadWriter nulString(String s) {
    buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    buf.writeByte(0);
    return this;
  }

  /** A string that runs to the end of the packet. */
  public PayloadWriter eofString(String s) {
    buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }
}
