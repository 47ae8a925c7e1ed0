package io.cairn.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Order-preserving decimals in MySQL's binary DECIMAL format, with TiDB's two-byte header
 * ({@code codec.EncodeDecimal} = {@code precision, frac} followed by {@code
 * MyDecimal.WriteBin}).
 *
 * <p>Layout of {@link #write}: {@code precision (1 byte) | frac (1 byte) | bin}. The bin part
 * for a {@code DECIMAL(precision, frac)} holds {@code intg = precision - frac} integer digits and
 * {@code frac} fraction digits, zero-padded to those widths, cut into groups:
 *
 * <ol>
 *   <li>the leading {@code intg % 9} integer digits as one big-endian number in {@code
 *       DIG2BYTES[intg % 9]} bytes ({@code DIG2BYTES = {0,1,1,2,2,3,3,4,4,4}});
 *   <li>each further group of 9 integer digits as a 4-byte big-endian number;
 *   <li>each group of 9 fraction digits as a 4-byte big-endian number;
 *   <li>the last {@code frac % 9} fraction digits as one number in {@code DIG2BYTES[frac % 9]}
 *       bytes.
 * </ol>
 *
 * For a negative value every bin byte is complemented; finally the top bit of the first bin
 * byte is flipped. So {@code 1234567890.1234} as {@code DECIMAL(14,4)} is {@code 0E 04 | 81 0D
 * FB 38 D2 04 D2} and {@code -1234567890.1234} is {@code 0E 04 | 7E F2 04 C7 2D FB 2D} (the
 * example of MySQL's {@code decimal2bin}).
 *
 * <p><b>Order.</b> Encodings compare like the values only when they share {@code (precision,
 * frac)}: an index column has one declared type, so all its keys do. Encoding with the
 * value's own precision ({@link #write(ByteWriter, BigDecimal)}, TiDB's {@code precision == 0}
 * path) round-trips but does not order values of different magnitudes.
 *
 * <p>Limits are MySQL's: {@code 1 <= precision <= 65}, {@code 0 <= frac <= min(30,
 * precision)}. A value with more fraction digits than {@code frac} (other than trailing zeros)
 * or more integer digits than {@code intg} is rejected: rounding to the column type belongs to
 * the SQL layer. Decoded values have scale {@code frac}.
 */
public final class DecimalCodec {

  public static final int MAX_PRECISION = 65;
  public static final int MAX_FRAC = 30;

  private static final int DIGITS_PER_WORD = 9;
  private static final int WORD_SIZE = 4;
  private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private DecimalCodec() {}

  /** Size of the bin part (without the 2-byte header) for {@code DECIMAL(precision, frac)}. */
  public static int binSize(int precision, int frac) {
    checkType(precision, frac);
    int intg = precision - frac;
    return intg / DIGITS_PER_WORD * WORD_SIZE
        + DIG2BYTES[intg % DIGITS_PER_WORD]
        + frac / DIGITS_PER_WORD * WORD_SIZE
        + DIG2BYTES[frac % DIGITS_PER_WORD];
  }

  /** Fraction digits of {@code v} as TiDB counts them: {@code max(scale, 0)}. */
  public static int fracOf(BigDecimal v) {
    return Math.max(v.scale(), 0);
  }

  /**
   * TiDB's {@code MyDecimal.PrecisionAndFrac} precision: significant integer digits plus
   * {@link #fracOf}, at least 1.
   */
  public static int precisionOf(BigDecimal v) {
    int frac = fracOf(v);
    BigDecimal scaled = v.scale() < 0 ? v.setScale(0) : v;
    int intDigits = Math.max(scaled.precision() - scaled.scale(), 0);
    if (scaled.signum() == 0) {
      intDigits = 0;
    }
    return Math.max(intDigits + frac, 1);
  }

  /** Writes the header and bin part with the value's own precision and frac. */
  public static void write(ByteWriter w, BigDecimal v) {
    write(w, v, precisionOf(v), fracOf(v));
  }

  /** Writes {@code precision, frac} and the bin part of {@code v} as that type. */
  public static void write(ByteWriter w, BigDecimal v, int precision, int frac) {
    checkType(precision, frac);
    w.write(precision);
    w.write(frac);
    writeBin(w, v, precision, frac);
  }

  /** Reads a header and the bin part it describes. */
  public static BigDecimal read(ByteReader r) {
    int precision = r.readUnsignedByte();
    int frac = r.readUnsignedByte();
    try {
      checkType(precision, frac);
    } catch (IllegalArgumentException e) {
      throw new CodecException("invalid decimal header: " + e.getMessage());
    }
    return readBin(r, precision, frac);
  }

  /** Writes only the bin part (MySQL's {@code decimal2bin}). */
  public static void writeBin(ByteWriter w, BigDecimal v, int precision, int frac) {
    int size = binSize(precision, frac);
    BigInteger unscaled;
    try {
      unscaled = v.setScale(frac, RoundingMode.UNNECESSARY).unscaledValue();
    } catch (ArithmeticException e) {
      throw new CodecException(
          "decimal " + v.toPlainString() + " has more than " + frac + " fraction digits");
    }
    boolean negative = unscaled.signum() < 0;
    String digits = unscaled.abs().toString();
    if (digits.length() > precision) {
      throw new CodecException(
          "decimal " + v.toPlainString() + " overflows DECIMAL(" + precision + "," + frac + ")");
    }
    digits = "0".repeat(precision - digits.length()) + digits;
    int at = w.reserve(size);
    byte[] out = w.buffer();
    int intg = precision - frac;
    int o = at;
    int d = 0;
    int lead = intg % DIGITS_PER_WORD;
    if (lead > 0) {
      o = putGroup(out, o, digits, d, lead);
      d += lead;
    }
    for (int i = 0; i < intg / DIGITS_PER_WORD + frac / DIGITS_PER_WORD; i++) {
      o = putGroup(out, o, digits, d, DIGITS_PER_WORD);
      d += DIGITS_PER_WORD;
    }
    int trail = frac % DIGITS_PER_WORD;
    if (trail > 0) {
      putGroup(out, o, digits, d, trail);
    }
    if (negative) {
      for (int i = at; i < at + size; i++) {
        out[i] = (byte) ~out[i];
      }
    }
    out[at] ^= (byte) 0x80;
  }

  /**
   * Reads a bin part of {@code DECIMAL(precision, frac)}.
   *
   * @throws CodecException if the input is short or a digit group is out of range
   */
  public static BigDecimal readBin(ByteReader r, int precision, int frac) {
    int size = binSize(precision, frac);
    byte[] bin = r.readBytes(size);
    boolean negative = (bin[0] & 0x80) == 0;
    bin[0] ^= (byte) 0x80;
    if (negative) {
      for (int i = 0; i < size; i++) {
        bin[i] = (byte) ~bin[i];
      }
    }
    StringBuilder digits = new StringBuilder(precision);
    int intg = precision - frac;
    int o = 0;
    int lead = intg % DIGITS_PER_WORD;
    if (lead > 0) {
      o = getGroup(bin, o, lead, digits);
    }
    for (int i = 0; i < intg / DIGITS_PER_WORD + frac / DIGITS_PER_WORD; i++) {
      o = getGroup(bin, o, DIGITS_PER_WORD, digits);
    }
    int trail = frac % DIGITS_PER_WORD;
    if (trail > 0) {
      getGroup(bin, o, trail, digits);
    }
    BigDecimal v = new BigDecimal(new BigInteger(digits.toString()), frac);
    return negative ? v.negate() : v;
  }

  private static int putGroup(byte[] out, int o, String digits, int from, int count) {
    int value = Integer.parseInt(digits, from, from + count, 10);
    int bytes = DIG2BYTES[count];
    for (int i = bytes - 1; i >= 0; i--) {
      out[o + i] = (byte) value;
      value >>>= 8;
    }
    return o + bytes;
  }

  private static int getGroup(byte[] bin, int o, int count, StringBuilder digits) {
    int bytes = DIG2BYTES[count];
    int value = 0;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (bin[o + i] & 0xFF);
    }
    if (value < 0 || value >= POW10[count]) {
      throw new CodecException("decimal digit group " + value + " exceeds " + count + " digits");
    }
    String s = Integer.toString(value);
    digits.append("0".repeat(count - s.length())).append(s);
    return o + bytes;
  }

  private static void checkType(int precision, int frac) {
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException("decimal precision " + precision + " not in 1..65");
    }
    if (frac < 0 || frac > MAX_FRAC || frac > precision) {
      throw new IllegalArgumentException(
          "decimal frac " + frac + " not in 0..min(30, precision " + precision + ")");
    }
  }
}
