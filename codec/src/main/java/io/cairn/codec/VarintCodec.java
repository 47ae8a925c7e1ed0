package io.cairn.codec;

/**
 * Variable-length integers as TiDB's {@code codec.EncodeUvarint}/{@code EncodeVarint} write
 * them (Go's {@code encoding/binary} {@code PutUvarint}/{@code PutVarint}). These are compact,
 * <em>not</em> memcomparable: use them in values, never where byte order must follow value
 * order.
 *
 * <ul>
 *   <li>uvarint: the unsigned value in 7-bit groups, least significant group first; every byte
 *       but the last has its high bit set. 1 to 10 bytes. {@code 300} is {@code AC 02}.
 *   <li>varint: zigzag ({@code (v << 1) ^ (v >> 63)}, so small magnitudes of either sign stay
 *       short) and then uvarint. {@code -1} is {@code 01}, {@code 1} is {@code 02}, {@code -65}
 *       is {@code 81 01}.
 * </ul>
 */
public final class VarintCodec {

  /** Longest encoding of a 64-bit value. */
  public static final int MAX_LENGTH = 10;

  private VarintCodec() {}

  /** Writes {@code v}, read as unsigned. */
  public static void writeUvarint(ByteWriter w, long v) {
    while ((v & ~0x7FL) != 0) {
      w.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    w.write((int) v);
  }

  /**
   * Reads an unsigned varint.
   *
   * @throws CodecException if it is truncated or does not fit in 64 bits
   */
  public static long readUvarint(ByteReader r) {
    long v = 0;
    for (int shift = 0, i = 0; i < MAX_LENGTH; i++, shift += 7) {
      int b = r.readUnsignedByte();
      if (i == MAX_LENGTH - 1 && b > 1) {
        throw new CodecException("uvarint overflows 64 bits at offset " + (r.position() - 1));
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CodecException("uvarint longer than " + MAX_LENGTH + " bytes");
  }

  public static void writeVarint(ByteWriter w, long v) {
    writeUvarint(w, (v << 1) ^ (v >> 63));
  }

  public static long readVarint(ByteReader r) {
    long u = readUvarint(r);
    return (u >>> 1) ^ -(u & 1);
  }
}
