package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.catalog.ColumnDefault;
import io.cairn.sql.catalog.Collations;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.SqlError;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.ddl.ColumnDefinition;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.ddl.TableDefinition;
import io.cairn.sql.parser.ast.MySqlTypeName;
import io.cairn.sql.parser.ast.SqlColumnDef;
import io.cairn.sql.parser.ast.SqlColumnType;
import io.cairn.sql.parser.ast.SqlCreateTable;
import io.cairn.sql.parser.ast.SqlIndexDef;
import io.cairn.sql.parser.ast.SqlKeyPart;
import io.cairn.sql.parser.ast.SqlTableOption;
import io.cairn.sql.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Turns the parsed CREATE TABLE / ADD COLUMN / ADD INDEX nodes into the {@link
 * io.cairn.sql.ddl.Ddl} definitions: MySQL type names and attributes into {@link SqlType}s,
 * DEFAULT clauses into {@link ColumnDefault}s of the column's stored value kind, key parts into
 * {@link IndexColumn}s, table options into charset/collation/comment/AUTO_INCREMENT. Types
 * Cairn does not store (BIT, ENUM, SET) fail with 1235.
 */
final class DdlTranslator {
  private static final Set<String> NOW_FUNCTIONS =
      Set.of("CURRENT_TIMESTAMP", "NOW", "LOCALTIMESTAMP", "LOCALTIME");

  private final CairnSession session;

  DdlTranslator(CairnSession session) {
    this.session = session;
  }

  TableDefinition table(String db, SqlCreateTable create) {
    String charset = null;
    String collation = null;
    String comment = "";
    long autoIncrement = 1;
    for (SqlNode n : create.options()) {
      SqlTableOption o = (SqlTableOption) n;
      switch (o.option()) {
        case ENGINE -> { }
        case CHARSET -> charset = text(o.value()).toLowerCase(Locale.ROOT);
        case COLLATE -> collation = text(o.value()).toLowerCase(Locale.ROOT);
        case COMMENT -> comment = text(o.value());
        case AUTO_INCREMENT -> autoIncrement = ((SqlLiteral) o.value()).getValueAs(Long.class);
      }
    }
    if (charset != null && collation == null && Collations.isKnownCharset(charset)) {
      collation = Collations.defaultCollation(charset);
    }
    String tableCollation = collation != null ? collation : Collations.DEFAULT_COLLATION;
    List<ColumnDefinition> columns = new ArrayList<>();
    for (SqlNode n : create.columns()) {
      columns.add(column((SqlColumnDef) n, tableCollation));
    }
    List<IndexDefinition> indexes = new ArrayList<>();
    for (SqlNode n : create.indexes()) {
      indexes.add(index((SqlIndexDef) n));
    }
    return new TableDefinition(db, CairnSession.nameOf(create.name()), columns, indexes, charset,
        collation, comment, autoIncrement);
  }

  IndexDefinition index(SqlIndexDef def) {
    return new IndexDefinition(def.name() == null ? null : CairnSession.nameOf(def.name()),
        keyParts(def.keyParts()), def.indexKind() != SqlIndexDef.IndexKind.INDEX,
        def.indexKind() == SqlIndexDef.IndexKind.PRIMARY, "");
  }

  static List<IndexColumn> keyParts(SqlNodeList parts) {
    List<IndexColumn> out = new ArrayList<>();
    for (SqlNode p : parts) {
      SqlKeyPart k = (SqlKeyPart) p;
      out.add(new IndexColumn(CairnSession.nameOf(k.column()),
          k.prefixLength() == null ? -1 : k.prefixLength()));
    }
    return out;
  }

  ColumnDefinition column(SqlColumnDef def, String tableCollation) {
    String name = CairnSession.nameOf(def.name());
    SqlColumnType ct = def.type();
    SqlType type = type(name, ct);
    String collation = def.collation();
    if (collation == null && ct.charset() != null) {
      String cs = ct.charset().toLowerCase(Locale.ROOT);
      if (!Collations.isKnownCharset(cs)) {
        throw SqlError.UNKNOWN_CHARACTER_SET.exception(ct.charset());
      }
      collation = Collations.defaultCollation(cs);
    }
    if (collation != null) {
      collation = collation.toLowerCase(Locale.ROOT);
    }
    ColumnDefinition c = new ColumnDefinition(name, type, def.nullable(), ColumnDefault.NONE,
        def.autoIncrement(), def.inlineKey() == SqlColumnDef.InlineKey.PRIMARY,
        def.inlineKey() == SqlColumnDef.InlineKey.UNIQUE, false, collation,
        def.comment() == null ? "" : text(def.comment()));
    if (def.defaultValue() != null) {
      c = c.withDefault(defaultValue(name, type, collation != null ? collation : tableCollation,
          def.defaultValue()));
    }
    if (def.onUpdate() != null) {
      if (!isNow(def.onUpdate())) {
        throw SqlError.INVALID_ON_UPDATE.exception(name);
      }
      c = c.withOnUpdateCurrentTimestamp();
    }
    return c;
  }

  private ColumnDefault defaultValue(String name, SqlType type, String collation, SqlNode node) {
    if (isNow(node)) {
      return ColumnDefault.CURRENT_TIMESTAMP;
    }
    Object v = Literals.valueOf(node, List.of());
    if (v == Literals.NOT_LITERAL) {
      throw SqlError.INVALID_DEFAULT.exception(name);
    }
    if (v == null) {
      return ColumnDefault.NULL;
    }
    EvalContext ctx = session.evalContext(true);
    try {
      FieldType to = ColumnTypes.fieldType(type, true, collation);
      Object stored = ColumnTypes.toColumn(to, type, name, v, ColumnTypes.typeOf(v), ctx, session.bridge());
      return ColumnDefault.of(stored);
    } catch (RuntimeException e) {
      throw SqlError.INVALID_DEFAULT.exception(name);
    }
  }

  private static boolean isNow(SqlNode node) {
    if (node instanceof SqlCall call) {
      return NOW_FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }
    if (node instanceof SqlIdentifier id && id.isSimple()) {
      return NOW_FUNCTIONS.contains(id.getSimple().toUpperCase(Locale.ROOT));
    }
    return false;
  }

  static SqlType type(String column, SqlColumnType ct) {
    MySqlTypeName n = ct.typeName();
    Integer len = ct.length();
    Integer scale = ct.scale();
    boolean unsigned = ct.unsigned();
    boolean zerofill = ct.zerofill();
    try {
      return switch (n) {
        case TINYINT -> integer(TypeKind.TINYINT, len, unsigned, zerofill);
        case SMALLINT -> integer(TypeKind.SMALLINT, len, unsigned, zerofill);
        case MEDIUMINT -> integer(TypeKind.MEDIUMINT, len, unsigned, zerofill);
        case INT -> integer(TypeKind.INT, len, unsigned, zerofill);
        case BIGINT -> integer(TypeKind.BIGINT, len, unsigned, zerofill);
        case BOOLEAN -> SqlType.bool();
        case DECIMAL -> {
          int p = len == null ? 10 : len;
          int s = scale == null ? 0 : scale;
          if (p > 65) {
            throw new SqlException(1426, "42000",
                "Too-big precision " + p + " specified for '" + column + "'. Maximum is 65.");
          }
          if (s > 30) {
            throw new SqlException(1425, "42000",
                "Too big scale " + s + " specified for column '" + column + "'. Maximum is 30.");
          }
          if (s > p) {
            throw new SqlException(1427, "42000", "For float(M,D), double(M,D) or decimal(M,D), M must be"
                + " >= D (column '" + column + "').");
          }
          yield new SqlType(TypeKind.DECIMAL, p, s, unsigned, zerofill);
        }
        case FLOAT -> {
          if (len != null && scale == null && len > 24) {
            yield new SqlType(TypeKind.DOUBLE, -1, 0, unsigned, zerofill);
          }
          yield new SqlType(TypeKind.FLOAT, scale == null ? -1 : len, scale == null ? 0 : scale, unsigned, zerofill);
        }
        case DOUBLE -> new SqlType(TypeKind.DOUBLE, scale == null ? -1 : len, scale == null ? 0 : scale,
            unsigned, zerofill);
        case CHAR -> chars(column, TypeKind.CHAR, len == null ? 1 : len, 255);
        case VARCHAR -> chars(column, TypeKind.VARCHAR, len, 16383);
        case BINARY -> chars(column, TypeKind.BINARY, len == null ? 1 : len, 255);
        case VARBINARY -> chars(column, TypeKind.VARBINARY, len, 65535);
        case TINYTEXT -> SqlType.of(TypeKind.TINYTEXT);
        case TEXT -> SqlType.of(TypeKind.TEXT);
        case MEDIUMTEXT -> SqlType.of(TypeKind.MEDIUMTEXT);
        case LONGTEXT -> SqlType.of(TypeKind.LONGTEXT);
        case TINYBLOB -> SqlType.of(TypeKind.TINYBLOB);
        case BLOB -> SqlType.of(TypeKind.BLOB);
        case MEDIUMBLOB -> SqlType.of(TypeKind.MEDIUMBLOB);
        case LONGBLOB -> SqlType.of(TypeKind.LONGBLOB);
        case DATE -> SqlType.of(TypeKind.DATE);
        case DATETIME -> temporal(column, TypeKind.DATETIME, len);
        case TIMESTAMP -> temporal(column, TypeKind.TIMESTAMP, len);
        case TIME -> temporal(column, TypeKind.TIME, len);
        case YEAR -> SqlType.of(TypeKind.YEAR);
        case JSON -> SqlType.of(TypeKind.JSON);
        case BIT, ENUM, SET -> throw Errors.notSupported("column type " + n.name());
      };
    } catch (IllegalArgumentException e) {
      throw new SqlException(1064, "42000", "Invalid type for column '" + column + "': " + e.getMessage(), e);
    }
  }

  private static SqlType integer(TypeKind kind, Integer len, boolean unsigned, boolean zerofill) {
    return new SqlType(kind, len == null ? -1 : len, 0, unsigned, zerofill);
  }

  private static SqlType chars(String column, TypeKind kind, int len, int max) {
    if (len > max) {
      throw SqlError.TOO_BIG_FIELDLENGTH.exception(column, max);
    }
    return new SqlType(kind, len, 0, false, false);
  }

  private static SqlType temporal(String column, TypeKind kind, Integer fsp) {
    int f = fsp == null ? 0 : fsp;
    if (f > 6) {
      throw new SqlException(1426, "42000",
          "Too-big precision " + f + " specified for '" + column + "'. Maximum is 6.");
    }
    return SqlType.temporal(kind, f);
  }

  /** The text of an identifier or string literal option value. */
  static String text(SqlNode n) {
    if (n instanceof SqlCharStringLiteral s) {
      return s.getValueAs(String.class);
    }
    if (n instanceof SqlIdentifier id) {
      return CairnSession.nameOf(id);
    }
    if (n instanceof SqlLiteral l) {
      return l.toValue();
    }
    return n.toString();
  }
}
