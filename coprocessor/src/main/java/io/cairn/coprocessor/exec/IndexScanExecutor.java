package io.cairn.coprocessor.exec;

import io.cairn.codec.ColumnType;
import io.cairn.codec.CodecException;
import io.cairn.codec.KeyRange;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads index pairs and decodes the index column values from the key with the datum codec.
 * Layout (see {@link TableCodec}): a non-unique entry is {@code t{table}_i{index}{values}{handle}
 * → empty}; a unique entry is {@code t{table}_i{index}{values} → handle} with the handle as 8
 * bytes big-endian int64 (TiDB's layout). Output: the index columns in key order, then the handle
 * if requested.
 *
 * <p>A string index column yields the key's bytes as UTF-8: exact for utf8mb4_bin and binary
 * columns; for a case-insensitive collation the key holds whatever the writer stored (the SQL
 * layer decides whether it is the value or its sort key).
 */
public final class IndexScanExecutor extends ScanExecutor {
  private final List<FieldType> schema;
  private final List<ColumnType> keyTypes;
  private final boolean withHandle;

  /**
   * @param indexColumns the index columns' types in key order
   * @param withHandle append the handle as a BIGINT column
   */
  public IndexScanExecutor(
      List<FieldType> indexColumns, boolean withHandle, KvSource source, List<KeyRange> ranges,
      boolean desc, long pagingSize, ExecContext ctx) {
    super(source, ranges, desc, pagingSize, ctx);
    List<FieldType> types = new ArrayList<>(indexColumns);
    List<ColumnType> kt = new ArrayList<>();
    for (FieldType t : indexColumns) {
      kt.add(ValueBridge.columnType(t));
    }
    if (withHandle) {
      types.add(FieldType.bigint());
    }
    this.schema = List.copyOf(types);
    this.keyTypes = List.copyOf(kt);
    this.withHandle = withHandle;
  }

  @Override
  protected Object[] decode(byte[] key, byte[] value) {
    TableCodec.IndexKey k = TableCodec.decodeIndexKey(key, keyTypes);
    Object[] row = new Object[schema.size()];
    ValueBridge bridge = ctx.bridge();
    for (int i = 0; i < keyTypes.size(); i++) {
      row[i] = bridge.toEval(k.values().get(i), schema.get(i));
    }
    if (withHandle) {
      Long handle = k.handle();
      if (handle == null) {
        if (value == null || value.length < 8) {
          throw new CodecException("unique index entry without a handle value");
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
          h = (h << 8) | (value[i] & 0xFF);
        }
        handle = h;
      }
      row[keyTypes.size()] = handle;
    }
    return row;
  }

  @Override
  public List<FieldType> schema() {
    return schema;
  }

  @Override
  public String name() {
    return "IndexScan";
  }
}
