package io.cairn.mysql.conn;

import io.cairn.mysql.wire.PayloadWriter;
import io.cairn.mysql.wire.ServerStatus;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.ResultRow;
import io.cairn.sql.session.SessionStateChange;
import io.cairn.sql.session.Temporal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Payload layouts of the server's response packets.
 *
 * <pre>
 * OK          0x00|0xFE, lenenc affected_rows, lenenc last_insert_id, int2 status, int2 warnings,
 *             then the info as a lenenc string: without CLIENT_SESSION_TRACK left out when
 *             empty, with it always written, followed when status has SESSION_STATE_CHANGED
 *             by lenenc total length and the changes, each int1 type, lenenc length, data:
 *             type 0 (system variable) lenenc name, lenenc value; type 1 (schema) lenenc name;
 *             0xFE marks an OK that ends a result set under DEPRECATE_EOF
 * EOF         0xFE, int2 warnings, int2 status
 * ERR         0xFF, int2 errno, '#', 5 bytes SQLSTATE, message to the end
 * ColumnDef41 lenenc "def", schema, table, org_table, name, org_name, lenenc 0x0C,
 *             int2 collation, int4 length, int1 type, int2 flags, int1 decimals, int2 0
 * text row    per column: lenenc string, or 0xFB for NULL
 * binary row  0x00, NULL bitmap of (columns + 7 + 2) / 8 bytes (bit i + 2 for column i), then
 *             each non-NULL value: TINY 1, SHORT/YEAR 2, INT24/LONG 4, LONGLONG 8 bytes LE;
 *             FLOAT 4, DOUBLE 8 bytes IEEE LE; DATE/DATETIME/TIMESTAMP: int1 len (0, 4, 7, 11),
 *             int2 year, month, day, hour, minute, second, int4 micros; TIME: int1 len (0, 8,
 *             12), int1 negative, int4 days, hour, minute, second, int4 micros; BIT: lenenc of
 *             the (length + 7) / 8 big-endian bytes; everything else a lenenc string
 * </pre>
 */
final class Packets {

  private Packets() {}

  static void ok(
      PayloadWriter w,
      int header,
      long affectedRows,
      long lastInsertId,
      int status,
      int warnings,
      String info) {
    w.int1(header).lenenc(affectedRows).lenenc(lastInsertId).int2(status).int2(Math.min(warnings, 0xffff));
    if (!info.isEmpty()) {
      w.lenencString(info);
    }
  }

  /** An OK packet for a client with CLIENT_SESSION_TRACK, carrying {@code changes} (maybe none). */
  static void trackedOk(
      PayloadWriter w,
      int header,
      long affectedRows,
      long lastInsertId,
      int status,
      int warnings,
      String info,
      List<SessionStateChange> changes) {
    int st = changes.isEmpty() ? status : status | ServerStatus.SESSION_STATE_CHANGED;
    w.int1(header).lenenc(affectedRows).lenenc(lastInsertId).int2(st).int2(Math.min(warnings, 0xffff));
    w.lenencString(info);
    if (!changes.isEmpty()) {
      ByteArrayOutputStream state = new ByteArrayOutputStream();
      for (SessionStateChange c : changes) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        switch (c) {
          case SessionStateChange.SystemVariable v -> {
            lenencString(data, v.name());
            lenencString(data, v.value());
            state.write(0);
          }
          case SessionStateChange.Schema s -> {
            lenencString(data, s.name());
            state.write(1);
          }
        }
        lenenc(state, data.size());
        state.writeBytes(data.toByteArray());
      }
      w.lenencBytes(state.toByteArray());
    }
  }

  private static void lenencString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    lenenc(out, b.length);
    out.writeBytes(b);
  }

  /** MySQL's length-encoded integer; session state entries stay far below 2^24. */
  private static void lenenc(ByteArrayOutputStream out, int v) {
    if (v < 251) {
      out.write(v);
    } else if (v < 1 << 16) {
      out.write(0xfc);
      out.write(v & 0xff);
      out.write(v >>> 8);
    } else {
      out.write(0xfd);
      out.write(v & 0xff);
      out.write((v >>> 8) & 0xff);
      out.write(v >>> 16);
    }
  }

  static void eof(PayloadWriter w, int warnings, int status) {
    w.int1(0xfe).int2(Math.min(warnings, 0xffff)).int2(status);
  }

  static void err(PayloadWriter w, int errno, String sqlState, String message) {
    String state = sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState;
    w.int1(0xff).int2(errno).int1('#').eofString(state).eofString(message == null ? "" : message);
  }

  static void columnDefinition(PayloadWriter w, ColumnMetadata c) {
    w.lenencString("def")
        .lenencString(c.schema())
        .lenencString(c.table())
        .lenencString(c.orgTable())
        .lenencString(c.name())
        .lenencString(c.orgName())
        .lenenc(0x0c)
        .int2(c.collationId())
        .int4((int) Math.min(c.length(), 0xffffffffL))
        .int1(c.type().code())
        .int2(c.flags())
        .int1(c.decimals())
        .int2(0);
  }

  static void textRow(PayloadWriter w, ResultRow row, int columns) {
    for (int i = 0; i < columns; i++) {
      if (row.isNull(i)) {
        w.int1(0xfb);
      } else {
        w.lenencBytes(row.text(i));
      }
    }
  }

  static void binaryRow(PayloadWriter w, ResultRow row, List<ColumnMetadata> columns) {
    int n = columns.size();
    byte[] nulls = new byte[(n + 7 + 2) / 8];
    for (int i = 0; i < n; i++) {
      if (columns.get(i).type() == MysqlType.NULL || row.isNull(i)) {
        int bit = i + 2;
        nulls[bit / 8] |= (byte) (1 << (bit % 8));
      }
    }
    w.int1(0).bytes(nulls);
    for (int i = 0; i < n; i++) {
      int bit = i + 2;
      if ((nulls[bit / 8] & (1 << (bit % 8))) != 0) {
        continue;
      }
      ColumnMetadata c = columns.get(i);
      switch (c.type()) {
        case TINY -> w.int1((int) row.getLong(i));
        case SHORT, YEAR -> w.int2((int) row.getLong(i));
        case INT24, LONG -> w.int4((int) row.getLong(i));
        case LONGLONG -> w.int8(row.getLong(i));
        case FLOAT -> w.int4(Float.floatToIntBits((float) row.getDouble(i)));
        case DOUBLE -> w.int8(Double.doubleToLongBits(row.getDouble(i)));
        case DATE, DATETIME, TIMESTAMP -> dateTime(w, row.getTemporal(i), c.type() == MysqlType.DATE);
        case TIME -> time(w, row.getTemporal(i));
        case BIT -> bit(w, row.getLong(i), c.length());
        default -> w.lenencBytes(row.text(i));
      }
    }
  }

  private static void dateTime(PayloadWriter w, Temporal t, boolean dateOnly) {
    boolean noTime = t.hour() == 0 && t.minute() == 0 && t.second() == 0 && t.microsecond() == 0;
    if (t.year() == 0 && t.month() == 0 && t.day() == 0 && noTime) {
      w.int1(0);
      return;
    }
    int len = dateOnly || noTime ? 4 : t.microsecond() == 0 ? 7 : 11;
    w.int1(len).int2(t.year()).int1(t.month()).int1(t.day());
    if (len >= 7) {
      w.int1(t.hour()).int1(t.minute()).int1(t.second());
    }
    if (len == 11) {
      w.int4(t.microsecond());
    }
  }

  private static void time(PayloadWriter w, Temporal t) {
    if (t.hour() == 0 && t.minute() == 0 && t.second() == 0 && t.microsecond() == 0) {
      w.int1(0);
      return;
    }
    int len = t.microsecond() == 0 ? 8 : 12;
    w.int1(len).int1(t.negative() ? 1 : 0).int4(t.hour() / 24)
        .int1(t.hour() % 24).int1(t.minute()).int1(t.second());
    if (len == 12) {
      w.int4(t.microsecond());
    }
  }

  private static void bit(PayloadWriter w, long value, long lengthBits) {
    int bytes = (int) Math.max(1, Math.min(8, (lengthBits + 7) / 8));
    w.lenenc(bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      w.int1((int) (value >>> (8 * i)));
    }
  }
}
