package io.cairn.sql.table;

import io.cairn.codec.MysqlTime;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.session.SqlException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checks that a value fits its column before it is written, with MySQL's errors: 1264 "Out of
 * range value" for numbers outside the type's range, 1406 "Data too long" for strings longer
 * than the column. The expression layer converts literals to the column's Java value kind
 * first; in non-strict mode it clips values itself (with a warning) before calling this, so
 * here a value that does not fit is always an error.
 *
 * <p>{@link #check} also brings a value into the column's canonical form where that is lossless
 * or MySQL's own rounding: a DECIMAL to the column's scale (half up), a FLOAT to single
 * precision. Stateless and thread-safe.
 */
public final class ValueChecker {

  private static final double FLOAT_MAX = Float.MAX_VALUE;
  private static final Duration TIME_MAX = Duration.ofHours(838).plusMinutes(59).plusSeconds(59);

  private ValueChecker() {}

  /**
   * Returns {@code value} in the column's canonical form.
   *
   * @param rowNumber the 1-based row of the statement, for the message
   * @throws SqlException 1264 or 1406 when the value does not fit; 1105 when the value is not
   *     of the column's Java value kind
   */
  public static Object check(ColumnInfo column, Object value, int rowNumber) {
    if (value == null) {
      return null;
    }
    SqlType type = column.type();
    switch (type.kind()) {
      case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> {
        long v = expect(column, value, Long.class);
        BigInteger big = type.unsigned() ? new BigInteger(Long.toUnsignedString(v))
            : BigInteger.valueOf(v);
        if (big.compareTo(type.minInteger()) < 0 || big.compareTo(type.maxInteger()) > 0) {
          throw outOfRange(column, rowNumber);
        }
        return value;
      }
      case YEAR -> {
        long v = expect(column, value, Long.class);
        if (v != 0 && (v < 1901 || v > 2155)) {
          throw outOfRange(column, rowNumber);
        }
        return value;
      }
      case DECIMAL -> {
        BigDecimal v = expect(column, value, BigDecimal.class).setScale(type.scale(),
            RoundingMode.HALF_UP);
        int intDigits = v.precision() - v.scale();
        if ((v.signum() != 0 && intDigits > type.length() - type.scale())
            || (type.unsigned() && v.signum() < 0)) {
          throw outOfRange(column, rowNumber);
        }
        return v;
      }
      case FLOAT, DOUBLE -> {
        double v = expect(column, value, Double.class);
        if (Double.isNaN(v) || Double.isInfinite(v) || (type.unsigned() && v < 0)
            || (type.kind() == io.cairn.sql.catalog.TypeKind.FLOAT && Math.abs(v) > FLOAT_MAX)) {
          throw outOfRange(column, rowNumber);
        }
        return type.kind() == io.cairn.sql.catalog.TypeKind.FLOAT ? (double) (float) v : value;
      }
      case DATE, DATETIME, TIMESTAMP -> {
        MysqlTime t = expect(column, value, MysqlTime.class);
        if (t.type() != type.columnType().timeType() || t.fsp() != type.scale()) {
          throw wrongKind(column, value);
        }
        return value;
      }
      case TIME -> {
        Duration d = expect(column, value, Duration.class);
        if (d.abs().compareTo(TIME_MAX) > 0 || d.abs().compareTo(TIME_MAX) == 0
            && d.getNano() != 0) {
          throw outOfRange(column, rowNumber);
        }
        return value;
      }
      default -> {
        byte[] b = expect(column, value, byte[].class);
        long max = type.maxLength();
        long len = type.lengthInCharacters()
            ? new String(b, StandardCharsets.UTF_8).codePointCount(0,
                new String(b, StandardCharsets.UTF_8).length())
            : b.length;
        if (len > max) {
          throw SqlError.DATA_TOO_LONG.exception(column.name(), rowNumber);
        }
        return value;
      }
    }
  }

  private static SqlException outOfRange(ColumnInfo column, int rowNumber) {
    return SqlError.WARN_DATA_OUT_OF_RANGE.exception(column.name(), rowNumber);
  }

  private static <T> T expect(ColumnInfo column, Object value, Class<T> cls) {
    if (!cls.isInstance(value)) {
      throw wrongKind(column, value);
    }
    return cls.cast(value);
  }

  private static SqlException wrongKind(ColumnInfo column, Object value) {
    return SqlError.UNKNOWN_ERROR.exception("value of class " + value.getClass().getSimpleName()
        + " (" + value + ") for column '" + column.name() + "' of type " + column.type()
        + "; the expression layer must convert it first");
  }
}
