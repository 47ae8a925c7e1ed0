package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Maps between the evaluator's {@link FieldType} (the authority on MySQL types) and Calcite's
 * {@link RelDataType}, which only serves validation and planning. The mapping is lossy on purpose:
 * collations, display lengths and UNSIGNED live only in the {@link FieldType}s the expression
 * translator derives; Calcite sees the nearest SQL type. A Calcite BOOLEAN (a predicate) is MySQL's
 * BIGINT 0/1. Stateless.
 */
public final class TypeMapping {
  private TypeMapping() {}

  public static RelDataType toRelType(FieldType ft, RelDataTypeFactory f, boolean nullable) {
    RelDataType t = switch (ft.type()) {
      case TINY -> f.createSqlType(SqlTypeName.TINYINT);
      case SHORT, YEAR -> f.createSqlType(SqlTypeName.SMALLINT);
      case INT24, LONG -> f.createSqlType(SqlTypeName.INTEGER);
      case LONGLONG -> f.createSqlType(SqlTypeName.BIGINT);
      case FLOAT -> f.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      case NEWDECIMAL -> {
        int scale = Math.max(0, Math.min(FieldType.MAX_DECIMAL_SCALE, ft.decimal()));
        int precision = Math.max(Math.max(1, scale), Math.min(FieldType.MAX_DECIMAL_PRECISION, ft.flen()));
        yield f.createSqlType(SqlTypeName.DECIMAL, precision, scale);
      }
      case VARCHAR, STRING, BLOB, JSON -> f.createSqlType(SqlTypeName.VARCHAR, CairnTypeSystem.MAX_VARCHAR);
      case DATE -> f.createSqlType(SqlTypeName.DATE);
      case DATETIME, TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, ft.fsp());
      case TIME -> f.createSqlType(SqlTypeName.TIME, ft.fsp());
      case NULL -> f.createSqlType(SqlTypeName.NULL);
    };
    return f.createTypeWithNullability(t, nullable || ft.type() == MysqlType.NULL);
  }

  /** The MySQL type of a Calcite type; fails loudly for types MySQL has no counterpart of. */
  public static FieldType toFieldType(RelDataType t) {
    FieldType ft = switch (t.getSqlTypeName()) {
      case BOOLEAN -> new FieldType(MysqlType.LONGLONG, 0, 1, 0, null, null);
      case TINYINT -> new FieldType(MysqlType.TINY, 0, 4, 0, null, null);
      case SMALLINT -> new FieldType(MysqlType.SHORT, 0, 6, 0, null, null);
      case INTEGER -> new FieldType(MysqlType.LONG, 0, 11, 0, null, null);
      case BIGINT -> FieldType.bigint();
      case UTINYINT -> new FieldType(MysqlType.TINY, FieldType.UNSIGNED_FLAG, 3, 0, null, null);
      case USMALLINT -> new FieldType(MysqlType.SHORT, FieldType.UNSIGNED_FLAG, 5, 0, null, null);
      case UINTEGER -> new FieldType(MysqlType.LONG, FieldType.UNSIGNED_FLAG, 10, 0, null, null);
      case UBIGINT -> FieldType.unsignedBigint();
      case REAL, FLOAT -> new FieldType(MysqlType.FLOAT, 0, 12, FieldType.NOT_FIXED_DEC, null, null);
      case DOUBLE -> FieldType.doubleType();
      case DECIMAL -> FieldType.decimal(t.getPrecision(), Math.max(0, t.getScale()));
      case CHAR, VARCHAR -> FieldType.varchar();
      case DATE -> FieldType.date();
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> FieldType.datetime(fsp(t));
      case TIME -> FieldType.time(fsp(t));
      case NULL -> FieldType.nullType();
      default -> throw new IllegalArgumentException("no MySQL type for Calcite type " + t.getFullTypeString());
    };
    return t.isNullable() || ft.isNullType() ? ft : ft.withFlags(ft.flags() | FieldType.NOT_NULL_FLAG);
  }

  private static int fsp(RelDataType t) {
    int p = t.getPrecision();
    return p < 0 || p > 6 ? 0 : p;
  }
}
