package io.cairn.mysql.conn;

import io.cairn.sql.session.PreparedStatement;
import java.io.ByteArrayOutputStream;

/**
 * What the connection remembers about one prepared statement across executions: the
 * parameter types last bound (clients send them only when they change), long data sent with
 * COM_STMT_SEND_LONG_DATA since the last execution, and the open cursor. Connection-thread
 * only.
 */
final class StatementState {

  final PreparedStatement statement;
  /** Per parameter: type code in the low byte, 0x8000 when unsigned; null until first bound. */
  int[] parameterTypes;
  ByteArrayOutputStream[] longData;
  Cursor cursor;
  boolean longDataTooLong;

  StatementState(PreparedStatement statement) {
    this.statement = statement;
    this.longData = new ByteArrayOutputStream[statement.parameterCount()];
  }

  void clearLongData() {
    java.util.Arrays.fill(longData, null);
    longDataTooLong = false;
  }

  void closeCursor() {
    if (cursor != null) {
      cursor.close();
      cursor = null;
    }
  }
}
