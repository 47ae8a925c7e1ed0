package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.session.SqlException;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The targets of MySQL's {@code CAST(x AS type)}, encoded as text so that a cast survives
 * validation and SqlToRel as a plain string operand: {@code SIGNED}, {@code UNSIGNED}, {@code
 * DECIMAL(p,s)}, {@code CHAR}, {@code DATE}, {@code DATETIME(fsp)}, {@code TIME(fsp)}, {@code
 * DOUBLE}, {@code FLOAT}, and {@code CHAR COLLATE name} for {@code expr COLLATE name}. Stateless.
 */
public final class CastTargets {
  private CastTargets() {}

  /** The encoded target of a parsed type; fails with 1064 for types MySQL cannot cast to. */
  public static String encode(SqlDataTypeSpec spec) {
    SqlTypeNameSpec name = spec.getTypeNameSpec();
    String simple = name.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    if (name instanceof SqlBasicTypeNameSpec b) {
      SqlTypeName t = SqlTypeName.get(simple);
      if (t == null) {
        t = SqlTypeName.get(b.toString().split("[ (]")[0].toUpperCase(Locale.ROOT));
      }
      String text = b.toString().toUpperCase(Locale.ROOT);
      if (text.contains("UNSIGNED")) {
        return "UNSIGNED";
      }
      if (t == null) {
        throw castError(simple);
      }
      return switch (t) {
        case TINYINT, SMALLINT, INTEGER, BIGINT -> "SIGNED";
        case UTINYINT, USMALLINT, UINTEGER, UBIGINT -> "UNSIGNED";
        case DECIMAL -> "DECIMAL(" + (b.getPrecision() < 0 ? 10 : b.getPrecision()) + ","
            + (b.getScale() < 0 ? 0 : b.getScale()) + ")";
        case CHAR, VARCHAR -> "CHAR";
        case DATE -> "DATE";
        case TIMESTAMP -> "DATETIME(" + Math.max(0, b.getPrecision()) + ")";
        case TIME -> "TIME(" + Math.max(0, b.getPrecision()) + ")";
        case DOUBLE -> "DOUBLE";
        case FLOAT, REAL -> "FLOAT";
        default -> throw castError(simple);
      };
    }
    return switch (simple) {
      case "SIGNED", "INTEGER", "INT" -> "SIGNED";
      case "UNSIGNED" -> "UNSIGNED";
      case "DATETIME" -> "DATETIME(0)";
      case "NCHAR", "CHAR", "BINARY" -> "CHAR";
      default -> throw castError(simple);
    };
  }

  private static RuntimeException castError(String name) {
    return MySqlParseException.notSupported("CAST AS " + name, null);
  }

  /**
   * The encoded target of {@code expr COLLATE name}: a string under the evaluator's collation
   * for {@code name} ({@code _bin} names compare by code point, the {@code _ci} ones case- and
   * accent-insensitively), with explicit coercibility; 1273 for a collation Cairn does not know.
   */
  public static String collateTarget(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    Collation c = switch (n) {
      case "utf8mb4_bin", "utf8mb3_bin", "utf8_bin" -> Collation.UTF8MB4_BIN;
      case "utf8mb4_general_ci", "utf8mb3_general_ci", "utf8_general_ci", "utf8mb4_0900_ai_ci",
          "utf8mb4_unicode_ci", "utf8mb3_unicode_ci", "utf8_unicode_ci" -> Collation.UTF8MB4_GENERAL_CI;
      case "binary" -> Collation.BINARY;
      default -> throw new SqlException(1273, "HY000", "Unknown collation: '" + name + "'");
    };
    return "CHAR COLLATE " + c.sqlName();
  }

  public static FieldType parse(String target) {
    if (target.startsWith("CHAR COLLATE ")) {
      return FieldType.varchar(Collation.byName(target.substring("CHAR COLLATE ".length())), Coercibility.EXPLICIT);
    }
    int paren = target.indexOf('(');
    String head = paren < 0 ? target : target.substring(0, paren);
    int[] args = new int[2];
    if (paren >= 0) {
      String[] parts = target.substring(paren + 1, target.length() - 1).split(",");
      for (int i = 0; i < parts.length; i++) {
        args[i] = Integer.parseInt(parts[i].trim());
      }
    }
    return switch (head) {
      case "SIGNED" -> FieldType.bigint();
      case "UNSIGNED" -> FieldType.unsignedBigint();
      case "DECIMAL" -> FieldType.decimal(args[0], args[1]);
      case "CHAR" -> FieldType.varchar();
      case "DATE" -> FieldType.date();
      case "DATETIME" -> FieldType.datetime(args[0]);
      case "TIME" -> FieldType.time(args[0]);
      case "DOUBLE" -> FieldType.doubleType();
      case "FLOAT" -> new FieldType(MysqlType.FLOAT, 0, 12, FieldType.NOT_FIXED_DEC, null, null);
      default -> throw new IllegalArgumentException("unknown cast target " + target);
    };
  }
}
