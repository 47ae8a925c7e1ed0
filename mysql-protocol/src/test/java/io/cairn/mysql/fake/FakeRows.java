package io.cairn.mysql.fake;

import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.ResultRow;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/** TEST FIXTURE: a result set over an iterator of value arrays, formatted like MySQL. */
final class FakeRows implements StatementResult.Rows, ResultRow {

  private final List<ColumnMetadata> columns;
  private final Iterator<Object[]> source;
  private final int warnings;
  private Object[] current;
  boolean closed;

  FakeRows(List<ColumnMetadata> columns, Iterator<Object[]> source, int warnings) {
    this.columns = columns;
    this.source = source;
    this.warnings = warnings;
  }

  static ColumnMetadata column(String name, MysqlType type, int flags, long length, int decimals) {
    boolean binary = (flags & ColumnMetadata.BINARY_FLAG) != 0;
    boolean text = switch (type) {
      case VARCHAR, VAR_STRING, STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, ENUM, SET, JSON -> true;
      default -> false;
    };
    int collation = text && !binary ? ColumnMetadata.COLLATION_UTF8MB4_GENERAL_CI
        : ColumnMetadata.COLLATION_BINARY;
    return new ColumnMetadata("test", "t", "t", name, name, collation, length, type, flags, decimals);
  }

  @Override
  public List<ColumnMetadata> columns() {
    return columns;
  }

  @Override
  public boolean next() {
    if (closed || !source.hasNext()) {
      current = null;
      return false;
    }
    current = source.next();
    return true;
  }

  @Override
  public ResultRow row() {
    return this;
  }

  @Override
  public int warningCount() {
    return warnings;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public boolean isNull(int column) {
    return current[column] == null;
  }

  @Override
  public byte[] text(int column) {
    Object v = current[column];
    ColumnMetadata c = columns.get(column);
    return switch (v) {
      case byte[] b -> b;
      case String s -> s.getBytes(StandardCharsets.UTF_8);
      case BigDecimal d -> d.toPlainString().getBytes(StandardCharsets.US_ASCII);
      case Long l when c.type() == MysqlType.BIT -> bitBytes(l, c.length());
      case Long l -> (c.unsigned() ? Long.toUnsignedString(l) : Long.toString(l))
          .getBytes(StandardCharsets.US_ASCII);
      case Double d -> formatDouble(d, c.type()).getBytes(StandardCharsets.US_ASCII);
      case Temporal t -> formatTemporal(t, c).getBytes(StandardCharsets.US_ASCII);
      default -> throw new IllegalStateException("fake cannot format " + v.getClass());
    };
  }

  private static byte[] bitBytes(long v, long bits) {
    int n = (int) Math.max(1, (bits + 7) / 8);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[n - 1 - i] = (byte) (v >>> (8 * i));
    }
    return out;
  }

  private static String formatDouble(double d, MysqlType type) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return type == MysqlType.FLOAT ? Float.toString((float) d) : Double.toString(d);
  }

  static String formatTemporal(Temporal t, ColumnMetadata c) {
    String frac = c.decimals() > 0 && c.decimals() <= 6
        ? "." + String.format("%06d", t.microsecond()).substring(0, c.decimals())
        : "";
    return switch (c.type()) {
      case DATE -> String.format("%04d-%02d-%02d", t.year(), t.month(), t.day());
      case TIME -> (t.negative() ? "-" : "")
          + String.format("%02d:%02d:%02d", t.hour(), t.minute(), t.second()) + frac;
      default -> String.format("%04d-%02d-%02d %02d:%02d:%02d", t.year(), t.month(), t.day(),
          t.hour(), t.minute(), t.second()) + frac;
    };
  }

  @Override
  public long getLong(int column) {
    return (Long) current[column];
  }

  @Override
  public double getDouble(int column) {
    return (Double) current[column];
  }

  @Override
  public Temporal getTemporal(int column) {
    return (Temporal) current[column];
  }
}
