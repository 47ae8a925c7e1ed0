package io.cairn.sql.table;

import io.cairn.codec.MysqlTime;
import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.SqlType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Helpers over the table layer's Java values ({@link SqlType} lists them): zero values,
 * equality, and MySQL's text form for error messages.
 */
public final class Values {

  private Values() {}

  /**
   * The implicit default of a NOT NULL column without DEFAULT, as MySQL uses it outside strict
   * mode and for rows written before the column was added: 0, '', the zero date, 00:00:00.
   */
  public static Object zeroValue(SqlType type) {
    return switch (type.kind()) {
      case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, YEAR -> 0L;
      case DECIMAL -> BigDecimal.ZERO.setScale(type.scale());
      case FLOAT, DOUBLE -> 0.0d;
      case DATE -> MysqlTime.date(0, 0, 0);
      case DATETIME -> MysqlTime.zero(MysqlTime.Type.DATETIME, type.scale());
      case TIMESTAMP -> MysqlTime.zero(MysqlTime.Type.TIMESTAMP, type.scale());
      case TIME -> Duration.ZERO;
      case JSON -> "null".getBytes(StandardCharsets.UTF_8);
      default -> new byte[0];
    };
  }

  /**
   * The value a row written before {@code column} existed reads as: its literal default, or
   * NULL / the zero value when it has none.
   */
  public static Object originDefault(ColumnInfo column) {
    if (column.defaultValue() instanceof ColumnDefault.Literal l) {
      return l.value();
    }
    return column.nullable() ? null : zeroValue(column.type());
  }

  /** Equality of two values of one column ({@code byte[]} by content, decimals by value). */
  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Objects.equals(a, b);
  }

  /** Row equality by {@link #same}. */
  public static boolean sameRow(Object[] a, Object[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!same(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  /** MySQL's text form of a value, as in "Duplicate entry '...'" messages. */
  public static String toText(SqlType type, Object v) {
    if (v == null) {
      return "NULL";
    }
    return switch (v) {
      case Long l -> type.unsigned() ? Long.toUnsignedString(l) : Long.toString(l);
      case BigDecimal d -> d.toPlainString();
      case Double d -> d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue()) : Double.toString(d);
      case byte[] b -> new String(b, StandardCharsets.UTF_8);
      case Duration d -> durationText(d);
      default -> v.toString();
    };
  }

  /** Values of several columns joined by '-', as MySQL shows a composite duplicate. */
  public static String toText(List<SqlType> types, List<?> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append('-');
      }
      sb.append(toText(types.get(i), values.get(i)));
    }
    return sb.toString();
  }

  private static String durationText(Duration d) {
    boolean neg = d.isNegative();
    Duration a = d.abs();
    long h = a.toHours();
    String s = String.format("%s%02d:%02d:%02d", neg ? "-" : "", h, a.toMinutesPart(),
        a.toSecondsPart());
    int micros = a.toNanosPart() / 1000;
    return micros == 0 ? s : s + String.format(".%06d", micros);
  }
}
