package io.cairn.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * TiDB's datum encoding ({@code codec.EncodeKey}/{@code EncodeValue}/{@code DecodeOne}): each
 * value is one flag byte followed by the encoding the flag names. Concatenated datums form
 * composite keys that compare like tuples: a NULL sorts before every value, and each
 * memcomparable encoding is self-delimiting, so the first differing column decides.
 *
 * <table>
 *   <caption>flags</caption>
 *   <tr><th>flag</th><th>byte</th><th>followed by</th></tr>
 *   <tr><td>NIL</td><td>0x00</td><td>nothing (SQL NULL)</td></tr>
 *   <tr><td>BYTES</td><td>0x01</td><td>{@link MemComparableBytes}</td></tr>
 *   <tr><td>COMPACT_BYTES</td><td>0x02</td><td>{@link CompactBytes} (values only)</td></tr>
 *   <tr><td>INT</td><td>0x03</td><td>int64, 8 bytes ({@link NumberCodec})</td></tr>
 *   <tr><td>UINT</td><td>0x04</td><td>uint64, 8 bytes; also DATE/DATETIME/TIMESTAMP as
 *       {@link MysqlTime#toPackedUint()}</td></tr>
 *   <tr><td>FLOAT</td><td>0x05</td><td>float64, 8 bytes</td></tr>
 *   <tr><td>DECIMAL</td><td>0x06</td><td>{@link DecimalCodec} (precision, frac, bin)</td></tr>
 *   <tr><td>DURATION</td><td>0x07</td><td>int64 nanoseconds, 8 bytes</td></tr>
 *   <tr><td>VARINT</td><td>0x08</td><td>zigzag varint (values only)</td></tr>
 *   <tr><td>UVARINT</td><td>0x09</td><td>uvarint (values only)</td></tr>
 *   <tr><td>MAX</td><td>0xFA</td><td>nothing: {@link KeyBound#MAX_VALUE}, above every
 *       value</td></tr>
 * </table>
 *
 * <p>{@link #encodeKey} writes the memcomparable forms (INT, UINT, FLOAT, BYTES, ...);
 * {@link #encodeValue} writes the compact ones (VARINT, UVARINT, COMPACT_BYTES) where TiDB
 * does. Both decode through {@link #decode}. The key of {@code (1, "abc")} as (INT64, BYTES)
 * is {@code 03 80 00 00 00 00 00 00 01 01 61 62 63 00 00 00 00 00 FA}.
 *
 * <p>Java values per column kind are listed in {@link ColumnType}. A value of the wrong Java
 * class for its column fails with {@link IllegalArgumentException}; malformed input bytes fail
 * with {@link CodecException}. Stateless and thread-safe.
 */
public final class DatumCodec {

  public static final int NIL_FLAG = 0;
  public static final int BYTES_FLAG = 1;
  public static final int COMPACT_BYTES_FLAG = 2;
  public static final int INT_FLAG = 3;
  public static final int UINT_FLAG = 4;
  public static final int FLOAT_FLAG = 5;
  public static final int DECIMAL_FLAG = 6;
  public static final int DURATION_FLAG = 7;
  public static final int VARINT_FLAG = 8;
  public static final int UVARINT_FLAG = 9;
  public static final int MAX_FLAG = 250;

  /**
   * Range bounds that are not values: usable in {@link #encodeKey} for any column, never
   * stored. {@code MIN_NOT_NULL} (a lone BYTES flag, {@code 01}) sorts after NULL and before
   * every value; {@code MAX_VALUE} ({@code FA}) sorts after every value.
   */
  public enum KeyBound {
    MIN_NOT_NULL,
    MAX_VALUE
  }

  /** A datum decoded without a column type: its flag and the raw Java value. */
  public record RawDatum(int flag, Object value) {}

  private DatumCodec() {}

  /** Appends the memcomparable datum of {@code value} (may be null) as {@code type}. */
  public static void encodeKey(ByteWriter w, ColumnType type, Object value) {
    encode(w, type, value, true);
  }

  /** Appends the compact (not memcomparable) datum of {@code value} as {@code type}. */
  public static void encodeValue(ByteWriter w, ColumnType type, Object value) {
    encode(w, type, value, false);
  }

  /** The memcomparable encoding of a tuple; {@code types} and {@code values} pair up. */
  public static byte[] encodeKey(List<ColumnType> types, List<?> values) {
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(
          types.size() + " column types for " + values.size() + " values");
    }
    ByteWriter w = new ByteWriter();
    for (int i = 0; i < types.size(); i++) {
      encodeKey(w, types.get(i), values.get(i));
    }
    return w.toByteArray();
  }

  /** Decodes one datum per type from the whole of {@code key}; fails on trailing bytes. */
  public static List<Object> decodeKey(byte[] key, List<ColumnType> types) {
    ByteReader r = new ByteReader(key);
    List<Object> out = new ArrayList<>(types.size());
    for (ColumnType t : types) {
      out.add(decode(r, t));
    }
    if (r.hasRemaining()) {
      throw new CodecException(r.remaining() + " bytes left after " + types.size() + " datums");
    }
    return out;
  }

  private static void encode(ByteWriter w, ColumnType type, Object value, boolean comparable) {
    if (value == null) {
      w.write(NIL_FLAG);
      return;
    }
    if (value instanceof KeyBound bound) {
      if (!comparable) {
        throw new IllegalArgumentException(bound + " is a key bound, not a storable value");
      }
      w.write(bound == KeyBound.MIN_NOT_NULL ? BYTES_FLAG : MAX_FLAG);
      return;
    }
    switch (type.kind()) {
      case INT64 -> {
        long v = expect(value, Long.class, type);
        if (comparable) {
          w.write(INT_FLAG);
          NumberCodec.writeInt64(w, v);
        } else {
          w.write(VARINT_FLAG);
          VarintCodec.writeVarint(w, v);
        }
      }
      case UINT64 -> {
        long v = expect(value, Long.class, type);
        if (comparable) {
          w.write(UINT_FLAG);
          NumberCodec.writeUint64(w, v);
        } else {
          w.write(UVARINT_FLAG);
          VarintCodec.writeUvarint(w, v);
        }
      }
      case FLOAT64 -> {
        w.write(FLOAT_FLAG);
        NumberCodec.writeFloat64(w, expect(value, Double.class, type));
      }
      case DECIMAL -> {
        BigDecimal v = expect(value, BigDecimal.class, type);
        w.write(DECIMAL_FLAG);
        if (type.precision() == 0) {
          DecimalCodec.write(w, v);
        } else {
          DecimalCodec.write(w, v, type.precision(), type.scale());
        }
      }
      case BYTES -> {
        byte[] v = expect(value, byte[].class, type);
        if (comparable) {
          w.write(BYTES_FLAG);
          MemComparableBytes.write(w, v);
        } else {
          w.write(COMPACT_BYTES_FLAG);
          CompactBytes.write(w, v);
        }
      }
      case DATE, DATETIME, TIMESTAMP -> {
        MysqlTime t = expect(value, MysqlTime.class, type);
        if (t.type() != type.timeType()) {
          throw new IllegalArgumentException("a " + t.type() + " value in a " + type + " column");
        }
        w.write(UINT_FLAG);
        TimeCodec.writeTime(w, t);
      }
      case DURATION -> {
        w.write(DURATION_FLAG);
        TimeCodec.writeDuration(w, expect(value, Duration.class, type));
      }
    }
  }

  /**
   * Reads one datum as a value of {@code type}; NIL gives {@code null}. Both the key and the
   * value forms of the type are accepted.
   *
   * @throws CodecException if the flag does not belong to {@code type} or the bytes are bad
   */
  public static Object decode(ByteReader r, ColumnType type) {
    int at = r.position();
    int flag = r.readUnsignedByte();
    if (flag == NIL_FLAG) {
      return null;
    }
    Object v =
        switch (type.kind()) {
          case INT64 -> switch (flag) {
            case INT_FLAG -> NumberCodec.readInt64(r);
            case VARINT_FLAG -> VarintCodec.readVarint(r);
            default -> null;
          };
          case UINT64 -> switch (flag) {
            case UINT_FLAG -> NumberCodec.readUint64(r);
            case UVARINT_FLAG -> VarintCodec.readUvarint(r);
            default -> null;
          };
          case FLOAT64 -> flag == FLOAT_FLAG ? NumberCodec.readFloat64(r) : null;
          case DECIMAL -> flag == DECIMAL_FLAG ? DecimalCodec.read(r) : null;
          case BYTES -> switch (flag) {
            case BYTES_FLAG -> MemComparableBytes.read(r);
            case COMPACT_BYTES_FLAG -> CompactBytes.read(r);
            default -> null;
          };
          case DATE, DATETIME, TIMESTAMP -> switch (flag) {
            case UINT_FLAG ->
                MysqlTime.fromPackedUint(NumberCodec.readUint64(r), type.timeType(), type.scale());
            case UVARINT_FLAG ->
                MysqlTime.fromPackedUint(VarintCodec.readUvarint(r), type.timeType(), type.scale());
            default -> null;
          };
          case DURATION -> flag == DURATION_FLAG ? TimeCodec.readDuration(r) : null;
        };
    if (v == null) {
      throw new CodecException(
          "datum flag " + flag + " at offset " + at + " does not hold a " + type.kind());
    }
    return v;
  }

  /**
   * Reads one datum without knowing its column: INT/VARINT and UINT/UVARINT (and packed
   * times) give {@link Long}, FLOAT {@link Double}, BYTES/COMPACT_BYTES {@code byte[]}, DECIMAL
   * {@link BigDecimal}, DURATION {@link Duration}, NIL {@code null}, MAX {@link
   * KeyBound#MAX_VALUE}.
   */
  public static RawDatum decodeAny(ByteReader r) {
    int at = r.position();
    int flag = r.readUnsignedByte();
    Object v =
        switch (flag) {
          case NIL_FLAG -> null;
          case BYTES_FLAG -> MemComparableBytes.read(r);
          case COMPACT_BYTES_FLAG -> CompactBytes.read(r);
          case INT_FLAG -> NumberCodec.readInt64(r);
          case UINT_FLAG -> NumberCodec.readUint64(r);
          case FLOAT_FLAG -> NumberCodec.readFloat64(r);
          case DECIMAL_FLAG -> DecimalCodec.read(r);
          case DURATION_FLAG -> TimeCodec.readDuration(r);
          case VARINT_FLAG -> VarintCodec.readVarint(r);
          case UVARINT_FLAG -> VarintCodec.readUvarint(r);
          case MAX_FLAG -> KeyBound.MAX_VALUE;
          default -> throw new CodecException("unknown datum flag " + flag + " at offset " + at);
        };
    return new RawDatum(flag, v);
  }

  /** Moves {@code r} past one datum of any kind. */
  public static void skip(ByteReader r) {
    decodeAny(r);
  }

  private static <T> T expect(Object value, Class<T> cls, ColumnType type) {
    if (!cls.isInstance(value)) {
      throw new IllegalArgumentException(
          type.kind() + " column expects " + cls.getSimpleName() + ", got "
              + value.getClass().getName());
    }
    return cls.cast(value);
  }
}
