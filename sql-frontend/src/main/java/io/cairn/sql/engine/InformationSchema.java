package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.DatabaseInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.SqlType;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.TypeKind;
import io.cairn.sql.exec.InMemoryTableSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code information_schema} tables, generated from one {@link InfoSchema} when a statement
 * names them: SCHEMATA, TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE, TABLE_CONSTRAINTS and
 * PROCESSLIST, with MySQL 8.0's column names. Column types are VARCHAR and BIGINT (MySQL's are
 * wider; the values are the same). Sizes and row counts that Cairn does not track are NULL.
 */
final class InformationSchema {
  static final List<String> TABLE_NAMES = List.of("COLUMNS", "KEY_COLUMN_USAGE", "PROCESSLIST",
      "SCHEMATA", "STATISTICS", "TABLES", "TABLE_CONSTRAINTS");

  private final InfoSchema is;
  private final CairnSession session;

  InformationSchema(InfoSchema is, CairnSession session) {
    this.is = is;
    this.session = session;
  }

  /** The databases the session's account has some privilege in (MySQL shows no others). */
  private List<DatabaseInfo> visibleDatabases() {
    AccessChecker access = AccessChecker.of(session);
    return is.databases().stream().filter(db -> access.canSeeDatabase(db.name())).toList();
  }

  /** The tables of {@code db} the session's account has some privilege on. */
  private List<TableInfo> visibleTables(DatabaseInfo db) {
    AccessChecker access = AccessChecker.of(session);
    return is.tables(db.name()).stream().filter(t -> access.canSeeTable(db.name(), t.name())).toList();
  }

  /** The table {@code name} (any case), or null. */
  TableSource table(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "SCHEMATA" -> schemata();
      case "TABLES" -> tables();
      case "COLUMNS" -> columns();
      case "STATISTICS" -> statistics();
      case "KEY_COLUMN_USAGE" -> keyColumnUsage();
      case "TABLE_CONSTRAINTS" -> tableConstraints();
      case "PROCESSLIST" -> processList();
      default -> null;
    };
  }

  private static final class Builder {
    private final List<TableColumn> columns = new ArrayList<>();

    Builder str(String... names) {
      for (String n : names) {
        columns.add(new TableColumn(n, FieldType.varchar()));
      }
      return this;
    }

    Builder num(String... names) {
      for (String n : names) {
        columns.add(new TableColumn(n, FieldType.bigint()));
      }
      return this;
    }

    TableSource build(String name, List<Object[]> rows) {
      return new InMemoryTableSource(CatalogResolver.INFORMATION_SCHEMA, name, columns, rows);
    }
  }

  private TableSource schemata() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"def", "information_schema", "utf8mb3", "utf8mb3_general_ci", null});
    for (DatabaseInfo db : visibleDatabases()) {
      rows.add(new Object[] {"def", db.name(), db.charset(), db.collation(), null});
    }
    return new Builder().str("CATALOG_NAME", "SCHEMA_NAME", "DEFAULT_CHARACTER_SET_NAME",
        "DEFAULT_COLLATION_NAME", "SQL_PATH").build("SCHEMATA", rows);
  }

  private TableSource tables() {
    List<Object[]> rows = new ArrayList<>();
    for (String t : TABLE_NAMES) {
      rows.add(new Object[] {"def", "information_schema", t, "SYSTEM VIEW", null, 10L, null, null,
          null, null, null, null, null, null, null, null, null, "utf8mb3_general_ci", null, "", ""});
    }
    for (DatabaseInfo db : visibleDatabases()) {
      for (TableInfo t : visibleTables(db)) {
        boolean view = t.isView();
        rows.add(new Object[] {"def", db.name(), t.name(), view ? "VIEW" : "BASE TABLE",
            view ? null : "InnoDB", view ? null : 10L, view ? null : "Dynamic", null, null, null,
            null, null, null, null, null, null, null, view ? null : t.collation(), null,
            "", view ? "VIEW" : t.comment()});
      }
    }
    return new Builder().str("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "ENGINE")
        .num("VERSION").str("ROW_FORMAT")
        .num("TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "MAX_DATA_LENGTH", "INDEX_LENGTH",
            "DATA_FREE", "AUTO_INCREMENT")
        .str("CREATE_TIME", "UPDATE_TIME", "CHECK_TIME", "TABLE_COLLATION").num("CHECKSUM")
        .str("CREATE_OPTIONS", "TABLE_COMMENT").build("TABLES", rows);
  }

  private TableSource columns() {
    List<Object[]> rows = new ArrayList<>();
    for (DatabaseInfo db : visibleDatabases()) {
      for (TableInfo t : visibleTables(db)) {
        if (t.isView()) {
          continue;
        }
        for (ColumnInfo c : t.publicColumns()) {
          SqlType type = c.type();
          String collation = ColumnDescriptions.collation(t, c);
          Long charLen = null;
          Long octetLen = null;
          if (type.kind().isText() || type.kind().isBinary()) {
            long max = type.maxLength();
            charLen = max;
            octetLen = type.kind().isText() && type.lengthInCharacters() ? max * 4 : max;
          }
          Long precision = null;
          Long scale = null;
          if (type.kind().isNumeric()) {
            precision = numericPrecision(type);
            scale = type.kind() == TypeKind.FLOAT || type.kind() == TypeKind.DOUBLE ? null : (long) type.scale();
            if (type.kind().isInteger()) {
              scale = 0L;
            }
          }
          Long dtPrecision = switch (type.kind()) {
            case DATETIME, TIMESTAMP, TIME -> (long) type.scale();
            case DATE -> 0L;
            default -> null;
          };
          rows.add(new Object[] {"def", db.name(), t.name(), c.name(), (long) c.offset() + 1,
              ColumnDescriptions.defaultText(c), c.nullable() ? "YES" : "NO",
              type.kind().sqlName().toLowerCase(Locale.ROOT), charLen, octetLen, precision, scale,
              dtPrecision, ColumnDescriptions.charsetOf(collation), collation, type.toSql(),
              ColumnDescriptions.key(t, c), ColumnDescriptions.extra(c),
              "select,insert,update,references", c.comment()});
        }
      }
    }
    return new Builder().str("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME")
        .num("ORDINAL_POSITION").str("COLUMN_DEFAULT", "IS_NULLABLE", "DATA_TYPE")
        .num("CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION",
            "NUMERIC_SCALE", "DATETIME_PRECISION")
        .str("CHARACTER_SET_NAME", "COLLATION_NAME", "COLUMN_TYPE", "COLUMN_KEY", "EXTRA",
            "PRIVILEGES", "COLUMN_COMMENT").build("COLUMNS", rows);
  }

  private static long numericPrecision(SqlType t) {
    return switch (t.kind()) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case MEDIUMINT -> 7;
      case INT -> 10;
      case BIGINT -> t.unsigned() ? 20 : 19;
      case FLOAT -> 12;
      case DOUBLE -> 22;
      default -> t.length();
    };
  }

  /** Every readable index of every table, primary keys included, as (db, table, index) rows. */
  private List<Object[]> indexRows(boolean constraintsOnly) {
    List<Object[]> out = new ArrayList<>();
    for (DatabaseInfo db : visibleDatabases()) {
      for (TableInfo t : visibleTables(db)) {
        for (IndexInfo i : t.indexes()) {
          boolean readable = i.isReadable() || (i.primary() && t.pkIsHandle());
          if (readable && (!constraintsOnly || i.unique())) {
            out.add(new Object[] {db, t, i});
          }
        }
      }
    }
    return out;
  }

  private TableSource statistics() {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : indexRows(false)) {
      DatabaseInfo db = (DatabaseInfo) r[0];
      TableInfo t = (TableInfo) r[1];
      IndexInfo i = (IndexInfo) r[2];
      long seq = 1;
      for (IndexColumn ic : i.columns()) {
        ColumnInfo c = t.column(ic.name()).orElseThrow();
        rows.add(new Object[] {"def", db.name(), t.name(), i.unique() ? 0L : 1L, db.name(), i.name(),
            seq++, c.name(), "A", 0L, ic.hasPrefix() ? (long) ic.prefixLength() : null, null,
            c.nullable() ? "YES" : "", "BTREE", "", i.comment()});
      }
    }
    return new Builder().str("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME").num("NON_UNIQUE")
        .str("INDEX_SCHEMA", "INDEX_NAME").num("SEQ_IN_INDEX").str("COLUMN_NAME", "COLLATION")
        .num("CARDINALITY", "SUB_PART").str("PACKED", "NULLABLE", "INDEX_TYPE", "COMMENT",
            "INDEX_COMMENT").build("STATISTICS", rows);
  }

  private TableSource keyColumnUsage() {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : indexRows(true)) {
      DatabaseInfo db = (DatabaseInfo) r[0];
      TableInfo t = (TableInfo) r[1];
      IndexInfo i = (IndexInfo) r[2];
      long pos = 1;
      for (IndexColumn ic : i.columns()) {
        rows.add(new Object[] {"def", db.name(), i.name(), "def", db.name(), t.name(),
            t.column(ic.name()).orElseThrow().name(), pos++, null, null, null, null});
      }
    }
    return new Builder().str("CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME",
        "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME")
        .num("ORDINAL_POSITION", "POSITION_IN_UNIQUE_CONSTRAINT")
        .str("REFERENCED_TABLE_SCHEMA", "REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME")
        .build("KEY_COLUMN_USAGE", rows);
  }

  private TableSource tableConstraints() {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : indexRows(true)) {
      DatabaseInfo db = (DatabaseInfo) r[0];
      TableInfo t = (TableInfo) r[1];
      IndexInfo i = (IndexInfo) r[2];
      rows.add(new Object[] {"def", db.name(), i.name(), db.name(), t.name(),
          i.primary() ? "PRIMARY KEY" : "UNIQUE"});
    }
    return new Builder().str("CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME",
        "TABLE_SCHEMA", "TABLE_NAME", "CONSTRAINT_TYPE").build("TABLE_CONSTRAINTS", rows);
  }

  /**
   * PROCESSLIST reads the session registry when scanned, not when resolved: a cached or
   * prepared plan over it must show the sessions of the moment.
   */
  private TableSource processList() {
    List<TableColumn> columns = new Builder().num("ID").str("USER", "HOST", "DB", "COMMAND").num("TIME")
        .str("STATE", "INFO").columns;
    return new TableSource() {
      @Override
      public String schema() {
        return CatalogResolver.INFORMATION_SCHEMA;
      }

      @Override
      public String name() {
        return "PROCESSLIST";
      }

      @Override
      public List<TableColumn> columns() {
        return columns;
      }

      @Override
      public io.cairn.sql.exec.Executor scan(io.cairn.coprocessor.expr.EvalContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        AccessChecker access = AccessChecker.of(session);
        for (CairnSession s : session.engineSessions()) {
          if (access.canSeeSessionOf(s.user())) {
            rows.add(s.processInfo());
          }
        }
        return new io.cairn.sql.exec.ListExecutor(rows);
      }
    };
  }
}
