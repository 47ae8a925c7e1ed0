package io.cairn.sql.table;

import io.cairn.codec.ColumnType;
import io.cairn.codec.RowCodec;
import io.cairn.codec.RowDecoder;
import io.cairn.codec.TableCodec;
import io.cairn.kv.Key;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.TableInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * How a table's rows are stored: key {@code t{tableId}_r{handle}} ({@link TableCodec}), value a
 * {@link RowCodec} row holding every column that is not DELETE_ONLY by column id — except the
 * integer primary key of a {@code pkIsHandle} table, whose value is the handle itself (as in
 * TiDB). A reader restores that column from the handle, and a column the row lacks (added
 * after the row was written) from {@link Values#originDefault}.
 *
 * <p>Rows in and out are {@code Object[]} in the table's column offset order ({@link
 * TableInfo#columns()}). Stateless and thread-safe.
 */
public final class RecordFormat {

  private RecordFormat() {}

  public static Key recordKey(TableInfo table, long handle) {
    return Key.wrap(TableCodec.recordKey(table.id(), handle));
  }

  /** The handle of {@code row}: the integer primary key of a {@code pkIsHandle} table. */
  public static long handleOf(TableInfo table, Object[] row) {
    ColumnInfo pk = table.handleColumn()
        .orElseThrow(() -> new IllegalStateException("table " + table.name()
            + " has a hidden row id, not a primary-key handle"));
    Object v = row[pk.offset()];
    if (!(v instanceof Long l)) {
      throw new IllegalArgumentException("primary key " + pk.name() + " must be a Long, got " + v);
    }
    return l;
  }

  public static byte[] encode(TableInfo table, Object[] row) {
    int handleOffset = table.handleColumn().map(ColumnInfo::offset).orElse(-1);
    List<ColumnInfo> stored = new ArrayList<>(table.columns().size());
    for (ColumnInfo c : table.columns()) {
      if (c.offset() != handleOffset && c.state() != SchemaState.DELETE_ONLY) {
        stored.add(c);
      }
    }
    long[] ids = new long[stored.size()];
    ColumnType[] types = new ColumnType[stored.size()];
    Object[] values = new Object[stored.size()];
    for (int i = 0; i < ids.length; i++) {
      ColumnInfo c = stored.get(i);
      ids[i] = c.id();
      types[i] = c.type().columnType();
      values[i] = row[c.offset()];
    }
    return RowCodec.encode(ids, types, values);
  }

  /** A decoder for every column of {@code table}; build once per statement and reuse. */
  public static Decoder decoder(TableInfo table) {
    return new Decoder(table);
  }

  /** Decodes stored rows of one table version into full rows. Immutable and thread-safe. */
  public static final class Decoder {
    private final RowDecoder rowDecoder;
    private final int handleOffset;

    private Decoder(TableInfo table) {
      List<RowDecoder.Column> cols = new ArrayList<>(table.columns().size());
      for (ColumnInfo c : table.columns()) {
        cols.add(new RowDecoder.Column(c.id(), c.type().columnType(), Values.originDefault(c)));
      }
      this.rowDecoder = new RowDecoder(cols);
      this.handleOffset = table.handleColumn().map(ColumnInfo::offset).orElse(-1);
    }

    public Object[] decode(long handle, byte[] value) {
      Object[] row = rowDecoder.decode(value);
      if (handleOffset >= 0) {
        row[handleOffset] = handle;
      }
      return row;
    }
  }
}
