package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.types.FieldType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * MySQL's limits and aggregate result types for Calcite: DECIMAL up to 65 digits with scale up to
 * 30; SUM of an exact value is DECIMAL (precision + 22, MySQL's DECIMAL_LONGLONG_DIGITS), of an
 * approximate or string value DOUBLE; AVG of an exact value is DECIMAL with scale + 4
 * (div_precision_increment), else DOUBLE. The aggregate executors derive the same types from the
 * evaluator's {@link FieldType}s; this class keeps Calcite's view consistent with them. Immutable.
 */
public final class CairnTypeSystem extends RelDataTypeSystemImpl {
  public static final CairnTypeSystem INSTANCE = new CairnTypeSystem();
  /** Calcite needs a bound on VARCHAR; MySQL's is the row size, 65535 bytes. */
  public static final int MAX_VARCHAR = 65535;

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case DECIMAL -> FieldType.MAX_DECIMAL_PRECISION;
      case VARCHAR, CHAR -> MAX_VARCHAR;
      case TIME, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 6;
      default -> super.getMaxPrecision(typeName);
    };
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? FieldType.MAX_DECIMAL_SCALE : super.getMaxScale(typeName);
  }

  @Override
  public int getDefaultPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case DECIMAL -> 10;
      case VARCHAR -> MAX_VARCHAR;
      case TIME, TIMESTAMP -> 0;
      default -> super.getDefaultPrecision(typeName);
    };
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory f, RelDataType argumentType) {
    return f.createTypeWithNullability(sumType(f, argumentType, 0), true);
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory f, RelDataType argumentType) {
    return f.createTypeWithNullability(sumType(f, argumentType, 4), true);
  }

  private static RelDataType sumType(RelDataTypeFactory f, RelDataType arg, int extraScale) {
    SqlTypeName n = arg.getSqlTypeName();
    if (n == SqlTypeName.DECIMAL || SqlTypeName.INT_TYPES.contains(n) || n == SqlTypeName.BOOLEAN
        || n == SqlTypeName.UTINYINT || n == SqlTypeName.USMALLINT || n == SqlTypeName.UINTEGER
        || n == SqlTypeName.UBIGINT) {
      FieldType ft = TypeMapping.toFieldType(arg);
      int scale = Math.min(FieldType.MAX_DECIMAL_SCALE, Math.max(0, ft.decimal()) + extraScale);
      int precision = Math.min(FieldType.MAX_DECIMAL_PRECISION, Math.max(ft.flen(), 1) + 22 + extraScale);
      return f.createSqlType(SqlTypeName.DECIMAL, precision, scale);
    }
    return f.createSqlType(SqlTypeName.DOUBLE);
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
