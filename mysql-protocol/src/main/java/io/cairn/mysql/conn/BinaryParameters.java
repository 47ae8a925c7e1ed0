package io.cairn.mysql.conn;

import io.cairn.mysql.wire.MalformedPacketException;
import io.cairn.mysql.wire.PayloadReader;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.Temporal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one binary-protocol parameter value of COM_STMT_EXECUTE into the Java value the
 * Session API takes: TINY/SHORT/YEAR/INT24/LONG/LONGLONG → {@link Long} (sign-extended, or
 * zero-extended when unsigned), FLOAT/DOUBLE → {@link Double}, DECIMAL/NEWDECIMAL → {@link
 * BigDecimal}, DATE/DATETIME/TIMESTAMP/TIME → {@link Temporal} (TIME with days folded into the
 * hours), NULL → null, every string, blob, JSON, ENUM, SET, BIT and GEOMETRY type → {@code
 * byte[]}.
 */
final class BinaryParameters {

  private BinaryParameters() {}

  static Object decode(PayloadReader r, int typeCode, boolean unsigned) {
    MysqlType type;
    try {
      type = MysqlType.fromCode(typeCode);
    } catch (IllegalArgumentException e) {
      throw new MalformedPacketException("unknown parameter type 0x" + Integer.toHexString(typeCode));
    }
    return switch (type) {
      case NULL -> null;
      case TINY -> unsigned ? (long) r.int1() : (long) (byte) r.int1();
      case SHORT, YEAR -> unsigned ? (long) r.int2() : (long) (short) r.int2();
      case INT24, LONG -> unsigned ? r.int4() & 0xffffffffL : (long) r.int4();
      case LONGLONG -> r.int8();
      case FLOAT -> (double) Float.intBitsToFloat(r.int4());
      case DOUBLE -> Double.longBitsToDouble(r.int8());
      case DECIMAL, NEWDECIMAL -> decimal(r.lenencBytes());
      case DATE, DATETIME, TIMESTAMP -> dateTime(r);
      case TIME -> time(r);
      default -> r.lenencBytes();
    };
  }

  private static BigDecimal decimal(byte[] text) {
    try {
      return new BigDecimal(new String(text, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      throw new MalformedPacketException("bad DECIMAL parameter");
    }
  }

  private static Temporal dateTime(PayloadReader r) {
    int len = r.int1();
    if (len != 0 && len != 4 && len != 7 && len != 11) {
      throw new MalformedPacketException("bad DATETIME parameter length " + len);
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
    if (len >= 4) {
      year = r.int2();
      month = r.int1();
      day = r.int1();
    }
    if (len >= 7) {
      hour = r.int1();
      minute = r.int1();
      second = r.int1();
    }
    if (len == 11) {
      micros = r.int4();
    }
    return new Temporal(false, year, month, day, hour, minute, second, micros);
  }

  private static Temporal time(PayloadReader r) {
    int len = r.int1();
    if (len != 0 && len != 8 && len != 12) {
      throw new MalformedPacketException("bad TIME parameter length " + len);
    }
    if (len == 0) {
      return new Temporal(false, 0, 0, 0, 0, 0, 0, 0);
    }
    boolean negative = r.int1() != 0;
    long days = r.int4() & 0xffffffffL;
    int hour = r.int1();
    int minute = r.int1();
    int second = r.int1();
    int micros = len == 12 ? r.int4() : 0;
    long hours = days * 24 + hour;
    if (hours > Integer.MAX_VALUE) {
      throw new MalformedPacketException("TIME parameter out of range");
    }
    return new Temporal(negative, 0, 0, 0, (int) hours, minute, second, micros);
  }
}
