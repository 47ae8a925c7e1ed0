package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.DatabaseInfo;
import io.cairn.sql.catalog.IndexColumn;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.exec.InMemoryTableSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlShow;
import io.cairn.sql.parser.ast.VariableScope;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * The SHOW family, answered from the catalog and the session with MySQL 8.0's column names. A
 * {@code LIKE} pattern filters on the first column, a {@code WHERE} condition is evaluated over
 * the result's columns; both run through the query engine over the generated rows.
 */
final class ShowExecutor {
  private final CairnSession session;

  ShowExecutor(CairnSession session) {
    this.session = session;
  }

  StatementResult execute(SqlShow show) {
    InfoSchema is = session.txn().schema();
    return switch (show.kind()) {
      case DATABASES -> databases(show, is);
      case TABLES -> tables(show, is);
      case COLUMNS -> columns(show, is);
      case INDEX -> index(show, is);
      case CREATE_TABLE -> createTable(show, is);
      case CREATE_DATABASE -> createDatabase(show, is);
      case VARIABLES -> variables(show);
      case STATUS -> status(show);
      case WARNINGS -> warnings(show, false);
      case ERRORS -> warnings(show, true);
      case PROCESSLIST -> processList(show);
      case COLLATION -> collations(show);
      case CHARACTER_SET -> charsets(show);
      case ENGINES -> engines(show);
    };
  }

  private StatementResult filtered(SqlShow show, List<TableColumn> columns, List<Object[]> rows) {
    if (show.like() == null && show.where() == null) {
      return ResultSets.of(columns, rows);
    }
    String condition = show.like() != null
        ? "`" + columns.get(0).name().replace("`", "``") + "` LIKE " + MySqlParser.unparse(show.like())
        : MySqlParser.unparse(show.where());
    InMemoryTableSource source = new InMemoryTableSource("", "show", columns, rows);
    QueryResult r = session.engine().queries().query("SELECT * FROM `show` WHERE " + condition,
        session.evalContext(false), Map.of("show", source));
    return ResultSets.of(columns, r.rows());
  }

  private static List<TableColumn> cols(Object... namesAndTypes) {
    List<TableColumn> out = new ArrayList<>();
    for (Object o : namesAndTypes) {
      if (o instanceof String s) {
        out.add(new TableColumn(s, FieldType.varchar()));
      } else {
        TableColumn last = out.remove(out.size() - 1);
        out.add(new TableColumn(last.name(), FieldType.bigint()));
      }
    }
    return out;
  }

  /** Marks the preceding column of {@link #cols} as BIGINT. */
  private static final Object BIGINT = new Object();

  private StatementResult databases(SqlShow show, InfoSchema is) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"information_schema"});
    AccessChecker access = AccessChecker.of(session);
    for (DatabaseInfo db : is.databases()) {
      if (access.canSeeDatabase(db.name())) {
        rows.add(new Object[] {db.name()});
      }
    }
    rows.sort((a, b) -> ((String) a[0]).compareTo((String) b[0]));
    return filtered(show, cols("Database"), rows);
  }

  private String dbOf(SqlShow show) {
    if (show.database() != null) {
      return CairnSession.nameOf(show.database());
    }
    if (show.target() != null && show.target().names.size() > 1) {
      return show.target().names.get(0);
    }
    return session.requireDatabase();
  }

  private StatementResult tables(SqlShow show, InfoSchema is) {
    String db = dbOf(show);
    List<Object[]> rows = new ArrayList<>();
    String dbName;
    if (db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      dbName = CatalogResolver.INFORMATION_SCHEMA;
      for (String t : InformationSchema.TABLE_NAMES) {
        rows.add(show.full() ? new Object[] {t, "SYSTEM VIEW"} : new Object[] {t});
      }
    } else {
      dbName = is.requireDatabase(db).name();
      AccessChecker access = AccessChecker.of(session);
      for (TableInfo t : is.tables(db)) {
        if (!access.canSeeTable(dbName, t.name())) {
          continue;
        }
        rows.add(show.full() ? new Object[] {t.name(), t.isView() ? "VIEW" : "BASE TABLE"}
            : new Object[] {t.name()});
      }
    }
    List<TableColumn> columns = show.full() ? cols("Tables_in_" + dbName, "Table_type")
        : cols("Tables_in_" + dbName);
    return filtered(show, columns, rows);
  }

  private TableInfo target(SqlShow show, InfoSchema is) {
    SqlIdentifier t = show.target();
    return is.requireTable(dbOf(show), CairnSession.nameOf(t));
  }

  private StatementResult columns(SqlShow show, InfoSchema is) {
    TableInfo t = target(show, is);
    List<Object[]> rows = new ArrayList<>();
    for (ColumnInfo c : t.isView() ? List.<ColumnInfo>of() : t.publicColumns()) {
      String type = c.type().toSql();
      String nul = c.nullable() ? "YES" : "NO";
      String key = ColumnDescriptions.key(t, c);
      String def = ColumnDescriptions.defaultText(c);
      String extra = ColumnDescriptions.extra(c);
      rows.add(show.full()
          ? new Object[] {c.name(), type, ColumnDescriptions.collation(t, c), nul, key, def, extra,
              "select,insert,update,references", c.comment()}
          : new Object[] {c.name(), type, nul, key, def, extra});
    }
    List<TableColumn> columns = show.full()
        ? cols("Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment")
        : cols("Field", "Type", "Null", "Key", "Default", "Extra");
    return filtered(show, columns, rows);
  }

  private StatementResult index(SqlShow show, InfoSchema is) {
    TableInfo t = target(show, is);
    List<Object[]> rows = new ArrayList<>();
    for (IndexInfo i : t.indexes()) {
      if (!i.isReadable() && !(i.primary() && t.pkIsHandle())) {
        continue;
      }
      long seq = 1;
      for (IndexColumn ic : i.columns()) {
        ColumnInfo c = t.column(ic.name()).orElseThrow();
        rows.add(new Object[] {t.name(), i.unique() ? 0L : 1L, i.name(), seq++, c.name(), "A", 0L,
            ic.hasPrefix() ? (long) ic.prefixLength() : null, null, c.nullable() ? "YES" : "",
            "BTREE", "", i.comment(), "YES", null});
      }
    }
    return filtered(show, cols("Table", "Non_unique", BIGINT, "Key_name", "Seq_in_index", BIGINT,
        "Column_name", "Collation", "Cardinality", BIGINT, "Sub_part", BIGINT, "Packed", "Null",
        "Index_type", "Comment", "Index_comment", "Visible", "Expression"), rows);
  }

  private StatementResult createTable(SqlShow show, InfoSchema is) {
    TableInfo t = target(show, is);
    if (t.isView()) {
      String db = is.databaseById(t.dbId()).orElseThrow().name();
      String text = "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW `"
          + t.name() + "`" + viewColumns(t) + " AS " + t.view().selectSql();
      return ResultSets.strings(List.of("View", "Create View", "character_set_client", "collation_connection"),
          List.<Object[]>of(new Object[] {t.name(), text, "utf8mb4", "utf8mb4_bin"}));
    }
    return ResultSets.strings(List.of("Table", "Create Table"),
        List.<Object[]>of(new Object[] {t.name(), ShowCreateTable.text(t)}));
  }

  private static String viewColumns(TableInfo t) {
    if (t.view().columnNames().isEmpty()) {
      return "";
    }
    return " (" + String.join(", ", t.view().columnNames().stream().map(n -> "`" + n + "`").toList()) + ")";
  }

  private StatementResult createDatabase(SqlShow show, InfoSchema is) {
    String name = CairnSession.nameOf(show.target());
    DatabaseInfo db = is.requireDatabase(name);
    String text = "CREATE DATABASE `" + db.name() + "` /*!40100 DEFAULT CHARACTER SET " + db.charset()
        + " COLLATE " + db.collation() + " */";
    return ResultSets.strings(List.of("Database", "Create Database"),
        List.<Object[]>of(new Object[] {db.name(), text}));
  }

  private StatementResult variables(SqlShow show) {
    boolean global = show.scope() == VariableScope.GLOBAL;
    return filtered(show, cols("Variable_name", "Value"), ResultSets.pairs(session.variables().all(global)));
  }

  private StatementResult status(SqlShow show) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"Threads_connected", Integer.toString(session.engineSessions().size())});
    rows.add(new Object[] {"Uptime", "0"});
    rows.sort((a, b) -> ((String) a[0]).compareTo((String) b[0]));
    return filtered(show, cols("Variable_name", "Value"), rows);
  }

  private StatementResult warnings(SqlShow show, boolean errorsOnly) {
    List<Object[]> rows = new ArrayList<>();
    for (SqlWarning w : session.warnings()) {
      if (!errorsOnly || w.level().equals("Error")) {
        rows.add(new Object[] {w.level(), (long) w.code(), w.message()});
      }
    }
    return ResultSets.of(cols("Level", "Code", BIGINT, "Message"), rows);
  }

  private StatementResult processList(SqlShow show) {
    List<Object[]> rows = new ArrayList<>();
    AccessChecker access = AccessChecker.of(session);
    for (CairnSession s : session.engineSessions()) {
      if (!access.canSeeSessionOf(s.user())) {
        continue;
      }
      Object[] p = s.processInfo();
      if (!show.full() && p[7] instanceof String info && info.length() > 100) {
        p[7] = info.substring(0, 100);
      }
      rows.add(p);
    }
    return ResultSets.of(cols("Id", BIGINT, "User", "Host", "db", "Command", "Time", BIGINT, "State",
        "Info"), rows);
  }

  private StatementResult collations(SqlShow show) {
    List<Object[]> rows = List.of(
        new Object[] {"binary", "binary", 63L, "Yes", "Yes", 1L, "NO PAD"},
        new Object[] {"utf8_bin", "utf8", 83L, "Yes", "Yes", 1L, "PAD SPACE"},
        new Object[] {"utf8_general_ci", "utf8", 33L, "", "Yes", 1L, "PAD SPACE"},
        new Object[] {"utf8mb4_0900_ai_ci", "utf8mb4", 255L, "", "Yes", 0L, "NO PAD"},
        new Object[] {"utf8mb4_bin", "utf8mb4", 46L, "Yes", "Yes", 1L, "PAD SPACE"},
        new Object[] {"utf8mb4_general_ci", "utf8mb4", 45L, "", "Yes", 1L, "PAD SPACE"});
    return filtered(show, cols("Collation", "Charset", "Id", BIGINT, "Default", "Compiled", "Sortlen", BIGINT,
        "Pad_attribute"), rows);
  }

  private StatementResult charsets(SqlShow show) {
    List<Object[]> rows = List.of(
        new Object[] {"binary", "Binary pseudo charset", "binary", 1L},
        new Object[] {"utf8", "UTF-8 Unicode", "utf8_bin", 3L},
        new Object[] {"utf8mb4", "UTF-8 Unicode", "utf8mb4_bin", 4L});
    return filtered(show, cols("Charset", "Description", "Default collation", "Maxlen", BIGINT), rows);
  }

  private StatementResult engines(SqlShow show) {
    List<Object[]> rows = List.<Object[]>of(new Object[] {"InnoDB", "DEFAULT",
        "Supports transactions, row-level locking, and foreign keys", "YES", "YES", "YES"});
    return filtered(show, cols("Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"), rows);
  }
}
