package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.ResultRow;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import java.util.List;

/**
 * A materialized {@link QueryResult} as the Session API's result set: text values through the
 * evaluator's formatting, typed values for the binary protocol. Not thread-safe.
 */
final class QueryRows implements StatementResult.Rows, ResultRow {
  private final QueryResult result;
  private final int warningCount;
  private int row = -1;

  QueryRows(QueryResult result, int warningCount) {
    this.result = result;
    this.warningCount = warningCount;
  }

  @Override
  public List<ColumnMetadata> columns() {
    return result.columns();
  }

  @Override
  public boolean next() {
    if (row + 1 >= result.rows().size()) {
      row = result.rows().size();
      return false;
    }
    row++;
    return true;
  }

  @Override
  public ResultRow row() {
    if (row < 0 || row >= result.rows().size()) {
      throw new IllegalStateException("no current row");
    }
    return this;
  }

  @Override
  public int warningCount() {
    return warningCount;
  }

  @Override
  public void close() {
    row = result.rows().size();
  }

  private Object value(int column) {
    return result.rows().get(row)[column];
  }

  @Override
  public boolean isNull(int column) {
    return value(column) == null;
  }

  @Override
  public byte[] text(int column) {
    return result.textBytes(row, column);
  }

  @Override
  public long getLong(int column) {
    Object v = value(column);
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof BigDecimal bd) {
      return bd.longValue();
    }
    if (v instanceof Double d) {
      return d.longValue();
    }
    throw new IllegalStateException("column " + column + " holds no integer: " + v);
  }

  @Override
  public double getDouble(int column) {
    Object v = value(column);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalStateException("column " + column + " holds no number: " + v);
  }

  @Override
  public Temporal getTemporal(int column) {
    Object v = value(column);
    if (v instanceof MysqlTime t) {
      return new Temporal(false, t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(), t.micro());
    }
    if (v instanceof MysqlDuration d) {
      return new Temporal(d.micros() < 0, 0, 0, 0, Math.abs(d.hours()), Math.abs(d.minutes()),
          Math.abs(d.seconds()), Math.abs(d.microPart()));
    }
    throw new IllegalStateException("column " + column + " holds no temporal value: " + v);
  }
}
