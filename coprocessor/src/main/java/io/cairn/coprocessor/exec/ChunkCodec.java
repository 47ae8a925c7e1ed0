package io.cairn.coprocessor.exec;

import io.cairn.codec.ByteReader;
import io.cairn.codec.ByteWriter;
import io.cairn.codec.ColumnType;
import io.cairn.codec.DatumCodec;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * The row encoding of response chunks: rows back to back, each column a datum as {@link
 * DatumCodec#encodeValue} writes it for {@link ValueBridge#resultColumnType} of the column's
 * field type (so a NULL is the single byte {@code 00}). The types are not in the bytes: the
 * response lists them. Thread-safe.
 */
public final class ChunkCodec {
  private final ValueBridge bridge;

  public ChunkCodec(ValueBridge bridge) {
    this.bridge = bridge;
  }

  /** Appends one row of evaluator values, taking the columns at {@code offsets}. */
  public void encodeRow(ByteWriter w, Object[] row, int[] offsets, List<FieldType> types) {
    for (int i = 0; i < offsets.length; i++) {
      FieldType t = types.get(i);
      DatumCodec.encodeValue(w, ValueBridge.resultColumnType(t), bridge.toCodec(row[offsets[i]], t));
    }
  }

  /** Decodes {@code rowCount} rows of evaluator values. */
  public List<Object[]> decode(byte[] data, int rowCount, List<FieldType> types) {
    ByteReader r = new ByteReader(data);
    ColumnType[] cts = new ColumnType[types.size()];
    for (int i = 0; i < cts.length; i++) {
      cts[i] = ValueBridge.resultColumnType(types.get(i));
    }
    List<Object[]> rows = new ArrayList<>(rowCount);
    for (int n = 0; n < rowCount; n++) {
      Object[] row = new Object[cts.length];
      for (int i = 0; i < cts.length; i++) {
        row[i] = bridge.toEval(DatumCodec.decode(r, cts[i]), types.get(i));
      }
      rows.add(row);
    }
    if (r.hasRemaining()) {
      throw new IllegalArgumentException(r.remaining() + " bytes left after " + rowCount + " rows");
    }
    return rows;
  }
}
