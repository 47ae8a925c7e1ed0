package io.cairn.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TiDB's table key layout ({@code tablecodec}). Ids and handles are memcomparable int64
 * ({@link NumberCodec}, 8 bytes); index values are {@link DatumCodec} key datums.
 *
 * <pre>
 *   table prefix     't' tableId                                   9 bytes
 *   record prefix    't' tableId '_' 'r'                          11 bytes
 *   record key       't' tableId '_' 'r' handle                   19 bytes
 *   index prefix     't' tableId '_' 'i' indexId                  19 bytes
 *   unique index     't' tableId '_' 'i' indexId datum...              value: the handle
 *   non-unique index 't' tableId '_' 'i' indexId datum... INT handle   value: empty
 *   meta             'm' ...                                       catalog and counters
 * </pre>
 *
 * The record key of table 1, handle 1 is {@code 74 80 00 00 00 00 00 00 01 5F 72 80 00 00 00
 * 00 00 00 01}. A non-unique index appends the handle as a datum ({@code 03} + int64) so that
 * equal values stay distinct keys. As in TiDB, a unique index whose values contain a NULL is
 * written in the non-unique form (NULLs never conflict); choosing the form is the caller's
 * business.
 *
 * <p>Stateless and thread-safe; every method returns a fresh array.
 */
public final class TableCodec {

  public static final byte TABLE_PREFIX = 't';
  public static final byte META_PREFIX = 'm';
  private static final byte SEP = '_';
  private static final byte RECORD_MARK = 'r';
  private static final byte INDEX_MARK = 'i';

  public static final int TABLE_PREFIX_LENGTH = 9;
  public static final int RECORD_PREFIX_LENGTH = 11;
  public static final int RECORD_KEY_LENGTH = 19;
  public static final int INDEX_PREFIX_LENGTH = 19;

  /** The parts of a record key. */
  public record RecordKey(long tableId, long handle) {}

  /**
   * The parts of an index key. {@code handle} is the handle a non-unique key ends with, or
   * {@code null} when the key holds only the values (a unique key, or a seek prefix).
   */
  public record IndexKey(long tableId, long indexId, List<Object> values, Long handle) {}

  private TableCodec() {}

  public static byte[] tablePrefix(long tableId) {
    ByteWriter w = new ByteWriter(TABLE_PREFIX_LENGTH);
    writeTablePrefix(w, tableId);
    return w.toByteArray();
  }

  public static byte[] recordPrefix(long tableId) {
    ByteWriter w = new ByteWriter(RECORD_PREFIX_LENGTH);
    writeRecordPrefix(w, tableId);
    return w.toByteArray();
  }

  public static byte[] recordKey(long tableId, long handle) {
    ByteWriter w = new ByteWriter(RECORD_KEY_LENGTH);
    writeRecordPrefix(w, tableId);
    NumberCodec.writeInt64(w, handle);
    return w.toByteArray();
  }

  public static byte[] indexPrefix(long tableId, long indexId) {
    ByteWriter w = new ByteWriter(INDEX_PREFIX_LENGTH);
    writeIndexPrefix(w, tableId, indexId);
    return w.toByteArray();
  }

  /**
   * The index prefix followed by the key datums of {@code values}: the key of a unique index
   * entry, and the seek prefix of every non-unique entry with those leading values (fewer
   * values than the index has columns is fine).
   */
  public static byte[] indexKey(
      long tableId, long indexId, List<ColumnType> types, List<?> values) {
    ByteWriter w = indexWriter(tableId, indexId, types, values);
    return w.toByteArray();
  }

  /** A non-unique index key: the values, then the handle as an INT datum. */
  public static byte[] nonUniqueIndexKey(
      long tableId, long indexId, List<ColumnType> types, List<?> values, long handle) {
    ByteWriter w = indexWriter(tableId, indexId, types, values);
    DatumCodec.encodeKey(w, ColumnType.INT64, handle);
    return w.toByteArray();
  }

  /** The meta key space prefix {@code 'm'}. */
  public static byte[] metaPrefix() {
    return new byte[] {META_PREFIX};
  }

  /** {@code 'm'} followed by {@code suffix}; the catalog defines what follows. */
  public static byte[] metaKey(byte[] suffix) {
    ByteWriter w = new ByteWriter(1 + suffix.length);
    w.write(META_PREFIX).write(suffix);
    return w.toByteArray();
  }

  /**
   * The smallest key greater than every key that starts with {@code key} (TiDB {@code
   * Key.PrefixNext}): add one to the last byte, carrying over {@code FF} bytes. If every byte is
   * {@code FF} the result is {@code key} followed by {@code 00}, the next key after it.
   */
  public static byte[] prefixNext(byte[] key) {
    byte[] out = key.clone();
    for (int i = out.length - 1; i >= 0; i--) {
      out[i]++;
      if (out[i] != 0) {
        return out;
      }
    }
    out = Arrays.copyOf(key, key.length + 1);
    return out;
  }

  /** Every key of a table: records and indexes. */
  public static KeyRange tableRange(long tableId) {
    return prefixRange(tablePrefix(tableId));
  }

  /** Every record (row) key of a table. */
  public static KeyRange recordRange(long tableId) {
    return prefixRange(recordPrefix(tableId));
  }

  /** Record keys with handles in {@code [lowHandle, highHandle]} (both inclusive). */
  public static KeyRange handleRange(long tableId, long lowHandle, long highHandle) {
    if (lowHandle > highHandle) {
      throw new IllegalArgumentException("handle range " + lowHandle + " > " + highHandle);
    }
    // As TiDB: the end is the next handle's key, or the end of the record range after the
    // largest handle.
    byte[] end =
        highHandle == Long.MAX_VALUE
            ? prefixNext(recordPrefix(tableId))
            : recordKey(tableId, highHandle + 1);
    return new KeyRange(recordKey(tableId, lowHandle), end);
  }

  /** Every key of one index. */
  public static KeyRange indexRange(long tableId, long indexId) {
    return prefixRange(indexPrefix(tableId, indexId));
  }

  /** Index keys whose leading values equal {@code values}. */
  public static KeyRange indexPrefixRange(
      long tableId, long indexId, List<ColumnType> types, List<?> values) {
    return prefixRange(indexKey(tableId, indexId, types, values));
  }

  /** {@code [prefix, prefixNext(prefix))}. */
  public static KeyRange prefixRange(byte[] prefix) {
    return new KeyRange(prefix, prefixNext(prefix));
  }

  public static boolean isRecordKey(byte[] key) {
    return key.length >= RECORD_PREFIX_LENGTH
        && key[0] == TABLE_PREFIX
        && key[9] == SEP
        && key[10] == RECORD_MARK;
  }

  public static boolean isIndexKey(byte[] key) {
    return key.length >= INDEX_PREFIX_LENGTH
        && key[0] == TABLE_PREFIX
        && key[9] == SEP
        && key[10] == INDEX_MARK;
  }

  /** The table id of any key under a table prefix. */
  public static long decodeTableId(byte[] key) {
    if (key.length < TABLE_PREFIX_LENGTH || key[0] != TABLE_PREFIX) {
      throw new CodecException("not a table key: " + hex(key));
    }
    return NumberCodec.decodeInt64(key, 1);
  }

  /**
   * @throws CodecException unless {@code key} is exactly a record key
   */
  public static RecordKey decodeRecordKey(byte[] key) {
    if (key.length != RECORD_KEY_LENGTH || !isRecordKey(key)) {
      throw new CodecException("not a record key: " + hex(key));
    }
    return new RecordKey(NumberCodec.decodeInt64(key, 1), NumberCodec.decodeInt64(key, 11));
  }

  /**
   * Splits an index key into its parts, decoding {@code types.size()} values. Any remaining
   * bytes must be one INT datum: the handle of a non-unique key.
   *
   * @throws CodecException if the key is not an index key of that shape
   */
  public static IndexKey decodeIndexKey(byte[] key, List<ColumnType> types) {
    if (!isIndexKey(key)) {
      throw new CodecException("not an index key: " + hex(key));
    }
    ByteReader r = new ByteReader(key, INDEX_PREFIX_LENGTH, key.length);
    List<Object> values = new ArrayList<>(types.size());
    for (ColumnType t : types) {
      values.add(DatumCodec.decode(r, t));
    }
    Long handle = null;
    if (r.hasRemaining()) {
      if (r.peekUnsignedByte() != DatumCodec.INT_FLAG) {
        throw new CodecException("index key has trailing bytes that are no handle: " + hex(key));
      }
      handle = (Long) DatumCodec.decode(r, ColumnType.INT64);
      if (r.hasRemaining()) {
        throw new CodecException("index key has bytes after the handle: " + hex(key));
      }
    }
    return new IndexKey(
        NumberCodec.decodeInt64(key, 1), NumberCodec.decodeInt64(key, 11), values, handle);
  }

  /**
   * Decodes the values of an index key without column types ({@link DatumCodec#decodeAny}),
   * for tools and debugging; a non-unique key's handle is the last element.
   */
  public static List<DatumCodec.RawDatum> decodeIndexDatums(byte[] key) {
    if (!isIndexKey(key)) {
      throw new CodecException("not an index key: " + hex(key));
    }
    ByteReader r = new ByteReader(key, INDEX_PREFIX_LENGTH, key.length);
    List<DatumCodec.RawDatum> out = new ArrayList<>();
    while (r.hasRemaining()) {
      out.add(DatumCodec.decodeAny(r));
    }
    return out;
  }

  private static ByteWriter indexWriter(
      long tableId, long indexId, List<ColumnType> types, List<?> values) {
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(
          types.size() + " column types for " + values.size() + " values");
    }
    ByteWriter w = new ByteWriter(INDEX_PREFIX_LENGTH + 10 * values.size() + 9);
    writeIndexPrefix(w, tableId, indexId);
    for (int i = 0; i < values.size(); i++) {
      DatumCodec.encodeKey(w, types.get(i), values.get(i));
    }
    return w;
  }

  private static void writeTablePrefix(ByteWriter w, long tableId) {
    w.write(TABLE_PREFIX);
    NumberCodec.writeInt64(w, tableId);
  }

  private static void writeRecordPrefix(ByteWriter w, long tableId) {
    writeTablePrefix(w, tableId);
    w.write(SEP).write(RECORD_MARK);
  }

  private static void writeIndexPrefix(ByteWriter w, long tableId, long indexId) {
    writeTablePrefix(w, tableId);
    w.write(SEP).write(INDEX_MARK);
    NumberCodec.writeInt64(w, indexId);
  }

  private static String hex(byte[] key) {
    return java.util.HexFormat.of().formatHex(key);
  }
}
