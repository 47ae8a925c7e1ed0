package io.cairn.codec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Cairn's compact row value format: values addressed by column id, with a null bitmap. A row
 * stores only the columns it was written with, so adding a column never rewrites old rows (a
 * reader treats a missing id as "the column's default"), and a reader needs only (column id,
 * {@link ColumnType}) pairs — see {@link RowDecoder}.
 *
 * <p>Layout (all multi-byte header fields little-endian):
 *
 * <pre>
 *   version   1 byte   0x81 (TiDB's row format v2 uses 0x80; the formats are different)
 *   flags     1 byte   bit 0 LARGE: ids are 4 bytes and offsets 4 bytes; else 1 and 2.
 *                      Other bits are zero.
 *   n         2 bytes  number of stored columns
 *   ids       n ids, strictly ascending (1 or 4 bytes each)
 *   nulls     ceil(n/8) bytes; bit (i % 8) of byte (i / 8) set = column i is NULL
 *   offsets   n end offsets into data (2 or 4 bytes each); value i is
 *             data[offsets[i-1], offsets[i]) with offsets[-1] = 0; NULLs are empty
 *   data      the values, in id order
 * </pre>
 *
 * LARGE is set when an id exceeds 255 or the data exceeds 65535 bytes. Ids are 0..2^32-1.
 *
 * <p>Value bytes per kind (TiDB v2's choices):
 *
 * <ul>
 *   <li>INT64, DURATION (nanoseconds): signed little-endian in the fewest of 1, 2, 4, 8 bytes;
 *   <li>UINT64, DATE/DATETIME/TIMESTAMP ({@link MysqlTime#toPackedUint()}): unsigned
 *       little-endian in the fewest of 1, 2, 4, 8 bytes;
 *   <li>FLOAT64: the 8-byte memcomparable form of {@link NumberCodec};
 *   <li>DECIMAL: {@link DecimalCodec} precision, frac and bin (the column's precision, or the
 *       value's own for an unspecified decimal);
 *   <li>BYTES: the bytes as they are.
 * </ul>
 *
 * Example: id 1 = 100 (INT64), id 2 = NULL, id 3 = "ab" (BYTES) is {@code 81 00 03 00 | 01 02
 * 03 | 02 | 01 00 01 00 03 00 | 64 61 62}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RowCodec {

  public static final int VERSION = 0x81;
  static final int FLAG_LARGE = 1;
  static final int MAX_COLUMNS = 0xFFFF;
  static final long MAX_COLUMN_ID = 0xFFFF_FFFFL;

  private RowCodec() {}

  /**
   * Encodes a row; {@code columnIds}, {@code types} and {@code values} pair up by index, in
   * any id order. A {@code null} value is SQL NULL.
   *
   * @throws IllegalArgumentException for duplicate or out-of-range ids, or a value of the wrong
   *     Java class for its type
   */
  public static byte[] encode(long[] columnIds, ColumnType[] types, Object[] values) {
    int n = columnIds.length;
    if (types.length != n || values.length != n) {
      throw new IllegalArgumentException(
          n + " ids, " + types.length + " types, " + values.length + " values");
    }
    if (n > MAX_COLUMNS) {
      throw new IllegalArgumentException("a row holds at most 65535 columns, got " + n);
    }
    Integer[] order =
        IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> columnIds[i]))
            .toArray(Integer[]::new);
    ByteWriter data = new ByteWriter();
    int[] ends = new int[n];
    boolean large = false;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      long id = columnIds[i];
      if (id < 0 || id > MAX_COLUMN_ID) {
        throw new IllegalArgumentException("column id " + id + " not in 0..2^32-1");
      }
      if (k > 0 && columnIds[order[k - 1]] == id) {
        throw new IllegalArgumentException("column id " + id + " given twice");
      }
      large |= id > 0xFF;
      if (values[i] != null) {
        writeValue(data, types[i], values[i]);
      }
      ends[k] = data.size();
    }
    large |= data.size() > 0xFFFF;
    int idWidth = large ? 4 : 1;
    int offWidth = large ? 4 : 2;
    ByteWriter w = new ByteWriter(4 + n * (idWidth + offWidth) + (n + 7) / 8 + data.size());
    w.write(VERSION).write(large ? FLAG_LARGE : 0).writeLittleEndian(n, 2);
    for (int k = 0; k < n; k++) {
      w.writeLittleEndian(columnIds[order[k]], idWidth);
    }
    byte[] nulls = new byte[(n + 7) / 8];
    for (int k = 0; k < n; k++) {
      if (values[order[k]] == null) {
        nulls[k / 8] |= (byte) (1 << (k % 8));
      }
    }
    w.write(nulls);
    for (int k = 0; k < n; k++) {
      w.writeLittleEndian(ends[k], offWidth);
    }
    w.write(data.toByteArray());
    return w.toByteArray();
  }

  private static void writeValue(ByteWriter w, ColumnType type, Object value) {
    switch (type.kind()) {
      case INT64 -> writeSigned(w, expect(value, Long.class, type));
      case UINT64 -> writeUnsigned(w, expect(value, Long.class, type));
      case FLOAT64 -> NumberCodec.writeFloat64(w, expect(value, Double.class, type));
      case DECIMAL -> {
        BigDecimal v = expect(value, BigDecimal.class, type);
        if (type.precision() == 0) {
          DecimalCodec.write(w, v);
        } else {
          DecimalCodec.write(w, v, type.precision(), type.scale());
        }
      }
      case BYTES -> w.write(expect(value, byte[].class, type));
      case DATE, DATETIME, TIMESTAMP -> {
        MysqlTime t = expect(value, MysqlTime.class, type);
        if (t.type() != type.timeType()) {
          throw new IllegalArgumentException("a " + t.type() + " value in a " + type + " column");
        }
        writeUnsigned(w, t.toPackedUint());
      }
      case DURATION ->
          writeSigned(w, TimeCodec.durationNanos(expect(value, Duration.class, type)));
    }
  }

  /** Decodes one value of {@code type} from {@code row[from, to)}. */
  static Object readValue(byte[] row, int from, int to, ColumnType type) {
    int len = to - from;
    ByteReader r = new ByteReader(row, from, to);
    Object v =
        switch (type.kind()) {
          case INT64 -> readSigned(r, len);
          case UINT64 -> readUnsigned(r, len);
          case FLOAT64 -> {
            checkLength(len, 8, type);
            yield NumberCodec.readFloat64(r);
          }
          case DECIMAL -> DecimalCodec.read(r);
          case BYTES -> r.readBytes(len);
          case DATE, DATETIME, TIMESTAMP ->
              MysqlTime.fromPackedUint(readUnsigned(r, len), type.timeType(), type.scale());
          case DURATION -> Duration.ofNanos(readSigned(r, len));
        };
    if (r.hasRemaining()) {
      throw new CodecException(
          type.kind() + " value at offset " + from + " has " + r.remaining() + " extra bytes");
    }
    return v;
  }

  private static void writeSigned(ByteWriter w, long v) {
    int width = v == (byte) v ? 1 : v == (short) v ? 2 : v == (int) v ? 4 : 8;
    w.writeLittleEndian(v, width);
  }

  private static void writeUnsigned(ByteWriter w, long v) {
    int width = (v & ~0xFFL) == 0 ? 1 : (v & ~0xFFFFL) == 0 ? 2 : (v & ~0xFFFF_FFFFL) == 0 ? 4 : 8;
    w.writeLittleEndian(v, width);
  }

  private static long readSigned(ByteReader r, int len) {
    long u = readUnsigned(r, len);
    int shift = 64 - 8 * len;
    return (u << shift) >> shift;
  }

  private static long readUnsigned(ByteReader r, int len) {
    if (len != 1 && len != 2 && len != 4 && len != 8) {
      throw new CodecException("integer of " + len + " bytes at offset " + r.position());
    }
    return r.readLittleEndian(len);
  }

  private static void checkLength(int len, int want, ColumnType type) {
    if (len != want) {
      throw new CodecException(type.kind() + " value of " + len + " bytes, expected " + want);
    }
  }

  private static <T> T expect(Object value, Class<T> cls, ColumnType type) {
    if (!cls.isInstance(value)) {
      throw new IllegalArgumentException(
          type.kind() + " column expects " + cls.getSimpleName() + ", got "
              + value.getClass().getName());
    }
    return cls.cast(value);
  }

  /** The parsed header of an encoded row; package-private for {@link RowDecoder}. */
  record Header(long[] ids, byte[] nulls, int[] ends, int dataStart) {

    static Header parse(byte[] row) {
      ByteReader r = new ByteReader(row);
      int version = r.readUnsignedByte();
      if (version != VERSION) {
        throw new CodecException("row format version 0x" + Integer.toHexString(version)
            + ", expected 0x" + Integer.toHexString(VERSION));
      }
      int flags = r.readUnsignedByte();
      if ((flags & ~FLAG_LARGE) != 0) {
        throw new CodecException("unknown row flags 0x" + Integer.toHexString(flags));
      }
      boolean large = (flags & FLAG_LARGE) != 0;
      int n = (int) r.readLittleEndian(2);
      long[] ids = new long[n];
      for (int k = 0; k < n; k++) {
        ids[k] = r.readLittleEndian(large ? 4 : 1);
        if (k > 0 && ids[k] <= ids[k - 1]) {
          throw new CodecException("row column ids not ascending at " + ids[k]);
        }
      }
      byte[] nulls = r.readBytes((n + 7) / 8);
      int[] ends = new int[n];
      for (int k = 0; k < n; k++) {
        long end = r.readLittleEndian(large ? 4 : 2);
        long prev = k == 0 ? 0 : ends[k - 1];
        boolean isNull = (nulls[k / 8] & (1 << (k % 8))) != 0;
        if (end < prev || end > r.remaining() || (isNull && end != prev)) {
          throw new CodecException("bad row offset " + end + " for column " + ids[k]);
        }
        ends[k] = (int) end;
      }
      int dataLen = n == 0 ? 0 : ends[n - 1];
      if (dataLen != r.remaining()) {
        throw new CodecException(
            "row data is " + r.remaining() + " bytes but offsets cover " + dataLen);
      }
      if (n % 8 != 0 && n > 0 && (nulls[n / 8] & 0xFF) >>> (n % 8) != 0) {
        throw new CodecException("null bitmap has bits beyond column " + n);
      }
      return new Header(ids, nulls, ends, r.position());
    }

    /** Index of {@code id} among the stored columns, or a negative number. */
    int find(long id) {
      return Arrays.binarySearch(ids, id);
    }

    boolean isNull(int k) {
      return (nulls[k / 8] & (1 << (k % 8))) != 0;
    }
  }
}
