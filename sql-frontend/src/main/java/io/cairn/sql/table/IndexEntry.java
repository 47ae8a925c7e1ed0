package io.cairn.sql.table;

import io.cairn.codec.ByteWriter;
import io.cairn.codec.ColumnType;
import io.cairn.codec.NumberCodec;
import io.cairn.codec.TableCodec;
import io.cairn.kv.Key;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One index entry of one row, in TiDB's layout ({@link TableCodec}):
 *
 * <pre>
 *   unique, no NULL value  key t{tableId}_i{indexId}{values}          value: handle, 8 bytes
 *                                                                      big-endian int64
 *   otherwise              key t{tableId}_i{indexId}{values}{handle}  value: empty
 * </pre>
 *
 * A unique index entry with a NULL among its values takes the non-unique form, so NULLs never
 * conflict. Values are the row's values of the index columns, a prefix column cut to its
 * prefix length (characters for character columns, bytes otherwise).
 *
 * @param values the (cut) index values
 * @param distinct true for the unique form: the key must not already exist for another handle
 */
public record IndexEntry(Key key, byte[] value, List<Object> values, boolean distinct) {

  /** The entry of {@code row} (in column offset order) with handle {@code handle}. */
  public static IndexEntry of(TableInfo table, IndexInfo index, Object[] row, long handle) {
    List<ColumnType> types = columnTypes(table, index);
    List<Object> values = new ArrayList<>(index.columns().size());
    boolean hasNull = false;
    for (IndexColumn ic : index.columns()) {
      ColumnInfo c = table.requireColumn(ic.name());
      Object v = cut(c.type(), row[c.offset()], ic.prefixLength());
      hasNull |= v == null;
      values.add(v);
    }
    if (index.unique() && !hasNull) {
      return new IndexEntry(
          Key.wrap(TableCodec.indexKey(table.id(), index.id(), types, values)),
          encodeHandle(handle), values, true);
    }
    return new IndexEntry(
        Key.wrap(TableCodec.nonUniqueIndexKey(table.id(), index.id(), types, values, handle)),
        new byte[0], values, false);
  }

  /** The codec types of the index columns, in index order. */
  public static List<ColumnType> columnTypes(TableInfo table, IndexInfo index) {
    List<ColumnType> out = new ArrayList<>(index.columns().size());
    for (IndexColumn ic : index.columns()) {
      out.add(table.requireColumn(ic.name()).type().columnType());
    }
    return out;
  }

  /** The SQL types of the index columns, in index order. */
  public static List<SqlType> sqlTypes(TableInfo table, IndexInfo index) {
    return index.columns().stream().map(ic -> table.requireColumn(ic.name()).type()).toList();
  }

  public static byte[] encodeHandle(long handle) {
    return new ByteWriter(8).writeLongBigEndian(handle).toByteArray();
  }

  public static long decodeHandle(byte[] value) {
    if (value.length != 8) {
      throw new IllegalStateException("unique index value of " + value.length + " bytes");
    }
    return NumberCodec.getLongBigEndian(value, 0);
  }

  /** Same key and value. */
  public boolean sameAs(IndexEntry other) {
    return key.equals(other.key) && Arrays.equals(value, other.value);
  }

  /** Cuts a value to an index prefix length; -1 keeps it whole. */
  static Object cut(SqlType type, Object v, int prefixLength) {
    if (prefixLength < 0 || !(v instanceof byte[] b)) {
      return v;
    }
    if (!type.kind().isText()) {
      return b.length <= prefixLength ? b : Arrays.copyOf(b, prefixLength);
    }
    String s = new String(b, StandardCharsets.UTF_8);
    if (s.codePointCount(0, s.length()) <= prefixLength) {
      return b;
    }
    return s.substring(0, s.offsetByCodePoints(0, prefixLength))
        .getBytes(StandardCharsets.UTF_8);
  }
}
