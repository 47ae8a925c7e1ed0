package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.EvalException;
import io.cairn.sql.session.SqlException;
import io.cairn.coprocessor.expr.func.Casts;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import java.util.Locale;

/**
 * The bridge between stored columns ({@link SqlType}, codec values) and the evaluator ({@link
 * FieldType}, evaluator values): the type a column has in queries, and the conversion of an
 * evaluated value into the value a column stores, with MySQL's assignment casts (a string into
 * an INT column parses it, a number into a VARCHAR column prints it). Range and length checks
 * stay with {@link io.cairn.sql.table.ValueChecker}, which the writer applies. Stateless.
 */
final class ColumnTypes {
  private ColumnTypes() {}

  /** The evaluator type of {@code column} of {@code table}. */
  static FieldType fieldType(TableInfo table, ColumnInfo column) {
    return fieldType(column.type(), column.nullable(),
        column.collation() != null ? column.collation() : table.collation());
  }

  /** The evaluator type of a column of type {@code t} with collation {@code collationName}. */
  static FieldType fieldType(SqlType t, boolean nullable, String collationName) {
    int flags = (t.unsigned() ? FieldType.UNSIGNED_FLAG : 0)
        | (nullable ? 0 : FieldType.NOT_NULL_FLAG);
    Collation collation = collation(t, collationName);
    if (collation == Collation.BINARY && t.kind().isBinary()) {
      flags |= FieldType.BINARY_FLAG;
    }
    int len = (int) Math.min(Integer.MAX_VALUE, t.displayLength());
    FieldType ft = switch (t.kind()) {
      case TINYINT -> new FieldType(MysqlType.TINY, flags, len, 0, null, null);
      case SMALLINT -> new FieldType(MysqlType.SHORT, flags, len, 0, null, null);
      case MEDIUMINT -> new FieldType(MysqlType.INT24, flags, len, 0, null, null);
      case INT -> new FieldType(MysqlType.LONG, flags, len, 0, null, null);
      case BIGINT -> new FieldType(MysqlType.LONGLONG, flags, 20, 0, null, null);
      case YEAR -> new FieldType(MysqlType.YEAR, flags | FieldType.UNSIGNED_FLAG, 4, 0, null, null);
      case DECIMAL -> new FieldType(MysqlType.NEWDECIMAL, flags, t.length(), t.scale(), null, null);
      case FLOAT -> new FieldType(MysqlType.FLOAT, flags, 12,
          t.scale() > 0 ? t.scale() : FieldType.NOT_FIXED_DEC, null, null);
      case DOUBLE -> new FieldType(MysqlType.DOUBLE, flags, 22,
          t.scale() > 0 ? t.scale() : FieldType.NOT_FIXED_DEC, null, null);
      case CHAR, BINARY -> new FieldType(MysqlType.STRING, flags, t.length(), 0, collation,
          Coercibility.IMPLICIT);
      case VARCHAR, VARBINARY -> new FieldType(MysqlType.VARCHAR, flags, t.length(), 0, collation,
          Coercibility.IMPLICIT);
      case TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT, TINYBLOB, BLOB, MEDIUMBLOB, LONGBLOB ->
          new FieldType(MysqlType.BLOB, flags, len, 0, collation, Coercibility.IMPLICIT);
      case JSON -> new FieldType(MysqlType.JSON, flags, FieldType.UNSPECIFIED, 0, Collation.UTF8MB4_BIN,
          Coercibility.IMPLICIT);
      case DATE -> new FieldType(MysqlType.DATE, flags, 10, 0, null, null);
      case DATETIME -> new FieldType(MysqlType.DATETIME, flags, len, t.scale(), null, null);
      case TIMESTAMP -> new FieldType(MysqlType.TIMESTAMP, flags, len, t.scale(), null, null);
      case TIME -> new FieldType(MysqlType.TIME, flags, len, t.scale(), null, null);
    };
    return ft;
  }

  /**
   * The evaluator collation a stored collation compares like: the evaluator knows
   * utf8mb4_general_ci, utf8mb4_bin and binary, so other case-insensitive collations compare as
   * general_ci and other {@code _bin} ones as utf8mb4_bin.
   */
  static Collation collation(SqlType t, String name) {
    if (t.kind().isBinary()) {
      return Collation.BINARY;
    }
    if (name == null) {
      return Collation.UTF8MB4_BIN;
    }
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("binary")) {
      return Collation.BINARY;
    }
    return n.endsWith("_bin") ? Collation.UTF8MB4_BIN : Collation.UTF8MB4_GENERAL_CI;
  }

  /** The evaluator type a literal value has: what {@code from} is for {@link #toColumn}. */
  static FieldType typeOf(Object v) {
    if (v == null) {
      return FieldType.nullType();
    }
    if (v instanceof Long) {
      return FieldType.bigint();
    }
    if (v instanceof Double) {
      return FieldType.doubleType();
    }
    if (v instanceof java.math.BigDecimal bd) {
      return FieldType.decimal(Math.max(1, Math.min(65, bd.precision())), Math.max(0, Math.min(30, bd.scale())));
    }
    if (v instanceof io.cairn.coprocessor.expr.value.MysqlTime t) {
      return t.type() == MysqlType.DATE ? FieldType.date() : FieldType.datetime(t.fsp());
    }
    if (v instanceof io.cairn.coprocessor.expr.value.MysqlDuration d) {
      return FieldType.time(d.fsp());
    }
    return FieldType.varchar();
  }

  /**
   * The value {@code column} stores for the evaluated value {@code v} of type {@code from}: cast
   * to the column's type as an assignment does, then in the codec's form ({@code byte[]}
   * strings, codec times in UTC for TIMESTAMP, {@code Duration} for TIME).
   */
  static Object toColumn(TableInfo table, ColumnInfo column, Object v, FieldType from, EvalContext ctx,
      ValueBridge bridge, int row) {
    try {
      return toColumn(fieldType(table, column), column.type(), column.name(), v, from, ctx, bridge);
    } catch (EvalException e) {
      if (e.errno() != 1292) {
        throw e;
      }
      // An assignment reports a value the column's type cannot take as MySQL's 1366.
      String text = v instanceof String s ? s : Convert.toStr(v, from);
      throw new SqlException(1366, "HY000", "Incorrect " + typeWord(column.type()) + " value: '" + text
          + "' for column '" + column.name() + "' at row " + row, e);
    }
  }

  private static String typeWord(SqlType t) {
    return switch (t.kind()) {
      case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, YEAR -> "integer";
      case DECIMAL -> "decimal";
      case FLOAT, DOUBLE -> "double";
      case DATE -> "date";
      case DATETIME, TIMESTAMP -> "datetime";
      case TIME -> "time";
      default -> "string";
    };
  }

  /** {@link #toColumn(TableInfo, ColumnInfo, Object, FieldType, EvalContext, ValueBridge)} by type. */
  static Object toColumn(FieldType to, SqlType type, String name, Object v, FieldType from,
      EvalContext ctx, ValueBridge bridge) {
    if (v == null) {
      return null;
    }
    Object cast = switch (to.evalType()) {
      // Decimals are not clamped here: the writer's ValueChecker rounds to the scale and raises
      // 1264 for values out of the column's range, as an assignment must.
      case DECIMAL -> Convert.toDecimal(v, from.isUnsigned(), ctx);
      case INT -> type.kind() == io.cairn.sql.catalog.TypeKind.YEAR
          ? year(Convert.toLong(v, from.isUnsigned(), false, ctx), v)
          : Casts.convert(v, from, to, ctx, name);
      default -> Casts.convert(v, from, to, ctx, name);
    };
    if (cast instanceof Double d && type.kind() == io.cairn.sql.catalog.TypeKind.FLOAT) {
      cast = (double) (float) d.doubleValue();
    }
    return bridge.toCodec(cast, to);
  }

  /** MySQL's two-digit years: 1..69 are 2001..2069, 70..99 are 1970..1999 (numbers and strings). */
  private static long year(long y, Object original) {
    boolean zeroString = original instanceof String s && (s.equals("0") || s.equals("00"));
    if (y == 0 && !zeroString) {
      return 0;
    }
    if (y >= 0 && y <= 69) {
      return 2000 + y;
    }
    if (y >= 70 && y <= 99) {
      return 1900 + y;
    }
    return y;
  }
}
