package io.cairn.coprocessor.exec;

import io.cairn.codec.KeyRange;
import io.cairn.codec.RowDecoder;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads record pairs {@code t{table}_r{handle} → row} and decodes the requested columns with
 * {@link RowDecoder}; the handle column, if requested, comes from the key. Output: the columns in
 * request order, as evaluator values.
 */
public final class TableScanExecutor extends ScanExecutor {

  /**
   * A requested column.
   *
   * @param defaultValue the codec value of a row lacking the column (null for NULL)
   * @param handle the column is the integer handle
   */
  public record Column(long id, FieldType type, Object defaultValue, boolean handle) {}

  private final List<FieldType> schema;
  private final RowDecoder decoder;
  private final int[] storedIndex;
  private final int width;

  public TableScanExecutor(
      List<Column> columns, KvSource source, List<KeyRange> ranges, boolean desc, long pagingSize,
      ExecContext ctx) {
    super(source, ranges, desc, pagingSize, ctx);
    List<RowDecoder.Column> stored = new ArrayList<>();
    List<FieldType> types = new ArrayList<>();
    storedIndex = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      types.add(c.type());
      if (c.handle()) {
        storedIndex[i] = -1;
      } else {
        storedIndex[i] = stored.size();
        stored.add(new RowDecoder.Column(c.id(), ValueBridge.columnType(c.type()), c.defaultValue()));
      }
    }
    this.schema = List.copyOf(types);
    this.decoder = new RowDecoder(stored);
    this.width = columns.size();
  }

  @Override
  protected Object[] decode(byte[] key, byte[] value) {
    Object[] stored = decoder.decode(value);
    Object[] row = new Object[width];
    ValueBridge bridge = ctx.bridge();
    for (int i = 0; i < width; i++) {
      int s = storedIndex[i];
      row[i] = s < 0
          ? (Object) TableCodec.decodeRecordKey(key).handle()
          : bridge.toEval(stored[s], schema.get(i));
    }
    return row;
  }

  @Override
  public List<FieldType> schema() {
    return schema;
  }

  @Override
  public String name() {
    return "TableScan";
  }
}
