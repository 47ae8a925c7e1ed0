package io.cairn.coprocessor.exec;

import io.cairn.codec.ColumnType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one bridge between the codec's stored values and the evaluator's runtime values.
 *
 * <table>
 *   <caption>codec value → evaluator value</caption>
 *   <tr><th>codec ({@link ColumnType})</th><th>evaluator ({@link FieldType})</th></tr>
 *   <tr><td>INT64 / UINT64 {@code Long}</td><td>{@code Long} (UNSIGNED flag on the field)</td></tr>
 *   <tr><td>FLOAT64 {@code Double}</td><td>{@code Double}</td></tr>
 *   <tr><td>DECIMAL {@code BigDecimal}</td><td>{@code BigDecimal}</td></tr>
 *   <tr><td>BYTES {@code byte[]}</td><td>{@code String}, decoded as UTF-8 (utf8mb4; malformed
 *       bytes become U+FFFD)</td></tr>
 *   <tr><td>DATE/DATETIME/TIMESTAMP codec {@code MysqlTime}</td><td>evaluator {@code MysqlTime};
 *       a TIMESTAMP is stored in UTC and shown in the session time zone, so it is converted
 *       (zero timestamps stay zero)</td></tr>
 *   <tr><td>DURATION {@code java.time.Duration}</td><td>{@code MysqlDuration} (micros, fsp of
 *       the column)</td></tr>
 * </table>
 *
 * {@link #toCodec} is the inverse, used to encode results. SQL NULL is {@code null} on both
 * sides. Immutable and thread-safe.
 */
public final class ValueBridge {
  private final ZoneId sessionZone;

  /** @param sessionZone the session time zone TIMESTAMP values are shown in */
  public ValueBridge(ZoneId sessionZone) {
    this.sessionZone = sessionZone;
  }

  /**
   * The codec column type that stores values of {@code t}. DECIMAL keeps its declared precision
   * and scale when both are known.
   *
   * @throws IllegalArgumentException for the NULL type, which no column has
   */
  public static ColumnType columnType(FieldType t) {
    return switch (t.type()) {
      case TINY, SHORT, INT24, LONG, LONGLONG, YEAR ->
          t.isUnsigned() ? ColumnType.UINT64 : ColumnType.INT64;
      case FLOAT, DOUBLE -> ColumnType.FLOAT64;
      case NEWDECIMAL -> t.flen() > 0 && t.flen() <= FieldType.MAX_DECIMAL_PRECISION
              && t.decimal() >= 0 && t.decimal() <= Math.min(t.flen(), FieldType.MAX_DECIMAL_SCALE)
          ? ColumnType.decimal(t.flen(), t.decimal())
          : ColumnType.decimal();
      case VARCHAR, STRING, BLOB, JSON -> ColumnType.BYTES;
      case DATE -> ColumnType.DATE;
      case DATETIME -> ColumnType.datetime(t.fsp());
      case TIMESTAMP -> ColumnType.timestamp(t.fsp());
      case TIME -> ColumnType.duration(t.fsp());
      case NULL -> throw new IllegalArgumentException("no column has the NULL type");
    };
  }

  /**
   * The codec type results of {@code t} are encoded with: as {@link #columnType}, except that a
   * DECIMAL keeps each value's own precision (a computed value may not fit a declared one).
   */
  public static ColumnType resultColumnType(FieldType t) {
    if (t.type() == MysqlType.NULL) {
      return ColumnType.INT64;
    }
    return t.type() == MysqlType.NEWDECIMAL ? ColumnType.decimal() : columnType(t);
  }

  /** The evaluator value of a codec value of a column of type {@code t}. */
  public Object toEval(Object v, FieldType t) {
    if (v == null) {
      return null;
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof io.cairn.codec.MysqlTime ct) {
      MysqlType type = switch (ct.type()) {
        case DATE -> MysqlType.DATE;
        case DATETIME -> MysqlType.DATETIME;
        case TIMESTAMP -> MysqlType.TIMESTAMP;
      };
      MysqlTime et = new MysqlTime(ct.year(), ct.month(), ct.day(), ct.hour(), ct.minute(),
          ct.second(), ct.microsecond(), type, ct.fsp());
      if (type == MysqlType.TIMESTAMP && !et.isZero() && et.isCalendarValid()) {
        LocalDateTime local = et.toLocalDateTime().atOffset(ZoneOffset.UTC)
            .atZoneSameInstant(sessionZone).toLocalDateTime();
        et = MysqlTime.of(local, MysqlType.TIMESTAMP, ct.fsp());
      }
      return et;
    }
    if (v instanceof Duration d) {
      return new MysqlDuration(d.toNanos() / 1000, t.fsp());
    }
    if (v instanceof Long || v instanceof Double || v instanceof BigDecimal) {
      return v;
    }
    throw new IllegalArgumentException("unexpected codec value " + v.getClass().getName());
  }

  /** The codec value of an evaluator value, for a result column of type {@code t}. */
  public Object toCodec(Object v, FieldType t) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (v instanceof MysqlTime et) {
      MysqlTime u = et;
      if (et.type() == MysqlType.TIMESTAMP && !et.isZero() && et.isCalendarValid()) {
        LocalDateTime utc = et.toLocalDateTime().atZone(sessionZone)
            .withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        u = MysqlTime.of(utc, MysqlType.TIMESTAMP, et.fsp());
      }
      int fsp = Math.max(0, Math.min(6, u.fsp()));
      return switch (u.type()) {
        case DATE -> io.cairn.codec.MysqlTime.date(u.year(), u.month(), u.day());
        case DATETIME -> io.cairn.codec.MysqlTime.datetime(
            u.year(), u.month(), u.day(), u.hour(), u.minute(), u.second(), u.micro(), fsp);
        default -> io.cairn.codec.MysqlTime.timestamp(
            u.year(), u.month(), u.day(), u.hour(), u.minute(), u.second(), u.micro(), fsp);
      };
    }
    if (v instanceof MysqlDuration d) {
      return Duration.ofNanos(d.micros() * 1000);
    }
    if (v instanceof Long || v instanceof Double || v instanceof BigDecimal) {
      return v;
    }
    throw new IllegalArgumentException("unexpected evaluator value " + v.getClass().getName());
  }
}
