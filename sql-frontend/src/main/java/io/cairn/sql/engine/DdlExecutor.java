package io.cairn.sql.engine;

import io.cairn.sql.catalog.Collations;
import io.cairn.sql.catalog.IndexInfo;
import io.cairn.sql.catalog.ViewInfo;
import io.cairn.sql.ddl.ColumnPosition;
import io.cairn.sql.ddl.Ddl;
import io.cairn.sql.ddl.IndexDefinition;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlAlterTable;
import io.cairn.sql.parser.ast.SqlAlterTableAction;
import io.cairn.sql.parser.ast.SqlColumnDef;
import io.cairn.sql.parser.ast.SqlCreateDatabase;
import io.cairn.sql.parser.ast.SqlCreateIndex;
import io.cairn.sql.parser.ast.SqlCreateTable;
import io.cairn.sql.parser.ast.SqlCreateView;
import io.cairn.sql.parser.ast.SqlDropIndex;
import io.cairn.sql.parser.ast.SqlDropObjects;
import io.cairn.sql.parser.ast.SqlIndexDef;
import io.cairn.sql.parser.ast.SqlRenameTable;
import io.cairn.sql.parser.ast.SqlTruncateTable;
import io.cairn.sql.plan.PreparedQuery;
import io.cairn.sql.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * Runs DDL statements through {@link Ddl}. The session commits its open transaction first (a
 * DDL statement implicitly commits in MySQL); each DDL is its own schema change. Statements
 * with several parts (ALTER TABLE with several actions, DROP TABLE a, b) run part by part, so
 * a failure leaves the earlier parts done, as in TiDB.
 */
final class DdlExecutor {
  private final CairnSession session;
  private final Ddl ddl;

  DdlExecutor(CairnSession session) {
    this.session = session;
    this.ddl = session.engine().ddl();
  }

  static boolean handles(SqlNode node) {
    return node instanceof SqlCreateDatabase || node instanceof SqlDropObjects || node instanceof SqlCreateTable
        || node instanceof SqlTruncateTable || node instanceof SqlRenameTable || node instanceof SqlCreateIndex
        || node instanceof SqlDropIndex || node instanceof SqlAlterTable || node instanceof SqlCreateView;
  }

  void execute(SqlNode node) {
    switch (node) {
      case SqlCreateDatabase c -> createDatabase(c);
      case SqlDropObjects d -> drop(d);
      case SqlCreateTable c -> {
        String db = checkDb(c.name());
        ddl.createTable(new DdlTranslator(session).table(db, c), c.ifNotExists());
      }
      case SqlTruncateTable t -> ddl.truncateTable(checkDb(t.name()), CairnSession.nameOf(t.name()));
      case SqlRenameTable r -> {
        for (int i = 0; i < r.from().size(); i++) {
          SqlIdentifier from = (SqlIdentifier) r.from().get(i);
          SqlIdentifier to = (SqlIdentifier) r.to().get(i);
          ddl.renameTable(checkDb(from), CairnSession.nameOf(from), checkDb(to), CairnSession.nameOf(to));
        }
      }
      case SqlCreateIndex c -> ddl.createIndex(checkDb(c.table()), CairnSession.nameOf(c.table()),
          new IndexDefinition(CairnSession.nameOf(c.name()), DdlTranslator.keyParts(c.keyParts()),
              c.unique(), false, ""));
      case SqlDropIndex d -> ddl.dropIndex(checkDb(d.table()), CairnSession.nameOf(d.table()),
          CairnSession.nameOf(d.name()));
      case SqlAlterTable a -> alter(a);
      case SqlCreateView v -> createView(v);
      default -> throw Errors.notSupported(node.getKind().sql);
    }
  }

  /** The database of a possibly qualified name; information_schema is read-only. */
  private String checkDb(SqlIdentifier name) {
    String db = session.databaseOf(name);
    if (db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      throw new SqlException(1044, "42000", "Access denied for user '" + session.user()
          + "'@'%' to database 'information_schema'");
    }
    return db;
  }

  private void createDatabase(SqlCreateDatabase c) {
    String name = CairnSession.nameOf(c.name());
    if (name.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      if (c.ifNotExists()) {
        return;
      }
      throw new SqlException(1007, "HY000", "Can't create database '" + name + "'; database exists");
    }
    String charset = c.charset() == null ? null : c.charset().toLowerCase(Locale.ROOT);
    String collation = c.collation() == null ? null : c.collation().toLowerCase(Locale.ROOT);
    if (charset == null && collation == null) {
      ddl.createDatabase(name, c.ifNotExists());
      return;
    }
    if (charset == null) {
      charset = ColumnDescriptions.charsetOf(collation);
    }
    if (collation == null) {
      if (!Collations.isKnownCharset(charset)) {
        throw new SqlException(1115, "42000", "Unknown character set: '" + charset + "'");
      }
      collation = Collations.defaultCollation(charset);
    }
    ddl.createDatabase(name, charset, collation, c.ifNotExists());
  }

  private void drop(SqlDropObjects d) {
    switch (d.objectKind()) {
      case DATABASE -> {
        String name = CairnSession.nameOf((SqlIdentifier) d.names().get(0));
        if (name.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
          throw new SqlException(1044, "42000", "Access denied for user '" + session.user()
              + "'@'%' to database 'information_schema'");
        }
        ddl.dropDatabase(name, d.ifExists());
        if (name.equalsIgnoreCase(session.database())) {
          session.clearDatabase();
        }
      }
      case TABLE -> {
        for (SqlNode n : d.names()) {
          SqlIdentifier id = (SqlIdentifier) n;
          ddl.dropTable(checkDb(id), CairnSession.nameOf(id), d.ifExists());
        }
      }
      case VIEW -> {
        for (SqlNode n : d.names()) {
          SqlIdentifier id = (SqlIdentifier) n;
          ddl.dropView(checkDb(id), CairnSession.nameOf(id), d.ifExists());
        }
      }
    }
  }

  private void alter(SqlAlterTable a) {
    String db = checkDb(a.name());
    String table = CairnSession.nameOf(a.name());
    DdlTranslator translator = new DdlTranslator(session);
    for (SqlNode n : a.actions()) {
      SqlAlterTableAction action = (SqlAlterTableAction) n;
      switch (action.action()) {
        case ADD_COLUMN -> {
          String collation = session.txn().schema().requireTable(db, table).collation();
          ColumnPosition pos = action.first() ? ColumnPosition.FIRST
              : action.after() != null ? ColumnPosition.after(CairnSession.nameOf(action.after()))
              : ColumnPosition.LAST;
          ddl.addColumn(db, table, translator.column((SqlColumnDef) action.subject(), collation), pos);
        }
        case DROP_COLUMN -> ddl.dropColumn(db, table, CairnSession.nameOf((SqlIdentifier) action.subject()));
        case ADD_INDEX -> ddl.createIndex(db, table, translator.index((SqlIndexDef) action.subject()));
        case DROP_INDEX -> ddl.dropIndex(db, table, CairnSession.nameOf((SqlIdentifier) action.subject()));
        case DROP_PRIMARY_KEY -> ddl.dropIndex(db, table, IndexInfo.PRIMARY_NAME);
        case RENAME -> {
          SqlIdentifier to = (SqlIdentifier) action.subject();
          ddl.renameTable(db, table, to.names.size() > 1 ? to.names.get(0) : db, CairnSession.nameOf(to));
          table = CairnSession.nameOf(to);
        }
      }
    }
  }

  private void createView(SqlCreateView v) {
    String db = checkDb(v.name());
    String sql = MySqlParser.unparse(v.query());
    // Plan once so that a view over a missing table or column fails now, as in MySQL.
    MySqlParser parser = session.parser();
    PreparedQuery q = session.txn().runStatement(true, () -> session.prepareQuery(sql, parser.parse(sql),
        parser.parse(sql).accept(new SessionRewriter(session)), session.txn().schema(), db, Set.of(), 0));
    List<String> names = new ArrayList<>();
    if (v.columns() != null) {
      for (SqlNode n : v.columns()) {
        names.add(CairnSession.nameOf((SqlIdentifier) n));
      }
      if (names.size() != q.columnNames().size()) {
        throw new SqlException(1353, "HY000",
            "In definition of view, derived table or common table expression, SELECT list and column names list have different column counts");
      }
    }
    ddl.createView(db, CairnSession.nameOf(v.name()), new ViewInfo(sql, names), v.orReplace());
  }
}
