package io.cairn.codec;

import java.util.List;

/**
 * Decodes rows written by {@link RowCodec} into the values of a fixed list of columns, knowing
 * only each column's id, {@link ColumnType} and default. This is all the coprocessor needs to
 * read rows without the SQL layer.
 *
 * <p>For each requested column: a stored value decodes to its Java value ({@link ColumnType}
 * lists them), a stored NULL to {@code null}, and an id the row does not hold — a column added
 * after the row was written — to the column's {@code defaultValue} (itself {@code null} for a
 * NULL default). Stored columns that are not requested are skipped.
 *
 * <p>Immutable and thread-safe; decoded arrays and {@code byte[]} values are fresh copies.
 */
public final class RowDecoder {

  /** A requested column; {@code defaultValue} is returned when a row lacks the id. */
  public record Column(long id, ColumnType type, Object defaultValue) {
    public Column {
      if (type == null) {
        throw new IllegalArgumentException("column " + id + " needs a type");
      }
    }

    public Column(long id, ColumnType type) {
      this(id, type, null);
    }
  }

  private final List<Column> columns;

  public RowDecoder(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  public List<Column> columns() {
    return columns;
  }

  /**
   * The values of the requested columns, in the order they were given.
   *
   * @throws CodecException if {@code row} is not a valid row or a value does not fit its type
   */
  public Object[] decode(byte[] row) {
    RowCodec.Header h = RowCodec.Header.parse(row);
    Object[] out = new Object[columns.size()];
    for (int c = 0; c < out.length; c++) {
      Column col = columns.get(c);
      int k = h.find(col.id());
      if (k < 0) {
        out[c] = col.defaultValue();
      } else if (h.isNull(k)) {
        out[c] = null;
      } else {
        int from = h.dataStart() + (k == 0 ? 0 : h.ends()[k - 1]);
        out[c] = RowCodec.readValue(row, from, h.dataStart() + h.ends()[k], col.type());
      }
    }
    return out;
  }
}
