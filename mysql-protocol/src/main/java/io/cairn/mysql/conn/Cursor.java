package io.cairn.mysql.conn;

import io.cairn.mysql.wire.PayloadWriter;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.StatementResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.List;

/**
 * An open read-only cursor of a prepared statement (COM_STMT_EXECUTE with a cursor flag, read
 * with COM_STMT_FETCH). Rows stay in the session's lazy result until fetched. Since a session
 * runs one statement at a time, a cursor still open when the connection must run another
 * statement is {@link #materialize() materialized}: its remaining rows are encoded into memory
 * and the session's result is closed (MySQL also materializes cursors). Connection-thread
 * only.
 */
final class Cursor {

  private final List<ColumnMetadata> columns;
  private StatementResult.Rows rows;
  private ArrayDeque<byte[]> buffered;
  private int warnings;
  private byte[] pending;

  Cursor(StatementResult.Rows rows) {
    this.rows = rows;
    this.columns = List.copyOf(rows.columns());
  }

  boolean isLive() {
    return rows != null;
  }

  /** The next row as a binary-protocol payload, or null at the end. */
  byte[] next() {
    if (pending != null) {
      byte[] row = pending;
      pending = null;
      return row;
    }
    if (buffered != null) {
      return buffered.poll();
    }
    if (rows == null || !rows.next()) {
      finishRows();
      return null;
    }
    ByteBuf buf = Unpooled.buffer(64);
    Packets.binaryRow(new PayloadWriter(buf), rows.row(), columns);
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    return out;
  }

  /** Makes {@code row} (just returned by {@link #next()}) the next row again. */
  void pushBack(byte[] row) {
    pending = row;
  }

  /** Pulls every remaining row into memory and closes the session's result. */
  void materialize() {
    if (rows == null) {
      return;
    }
    ArrayDeque<byte[]> all = new ArrayDeque<>();
    if (pending != null) {
      all.add(pending);
      pending = null;
    }
    for (byte[] row = next(); row != null; row = next()) {
      all.add(row);
    }
    buffered = all;
  }

  int warnings() {
    return warnings;
  }

  private void finishRows() {
    if (rows != null) {
      warnings = rows.warningCount();
      rows.close();
      rows = null;
    }
  }

  void close() {
    if (rows != null) {
      rows.close();
      rows = null;
    }
    buffered = null;
  }
}
