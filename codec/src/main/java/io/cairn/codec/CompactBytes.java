package io.cairn.codec;

/**
 * TiDB's compact byte string ({@code codec.EncodeCompactBytes}): the length as a zigzag
 * varint ({@link VarintCodec#writeVarint}) followed by the bytes as they are. Shorter than
 * {@link MemComparableBytes} but <em>not</em> memcomparable; used in values. {@code "abc"} is
 * {@code 06 61 62 63}.
 */
public final class CompactBytes {

  private CompactBytes() {}

  public static void write(ByteWriter w, byte[] data) {
    VarintCodec.writeVarint(w, data.length);
    w.write(data);
  }

  /**
   * @throws CodecException if the length is negative or longer than the remaining input
   */
  public static byte[] read(ByteReader r) {
    long n = VarintCodec.readVarint(r);
    if (n < 0 || n > r.remaining()) {
      throw new CodecException(
          "compact bytes length " + n + " at offset " + r.position() + " exceeds input");
    }
    return r.readBytes((int) n);
  }
}
