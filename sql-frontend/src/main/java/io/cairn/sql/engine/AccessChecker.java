package io.cairn.sql.engine;

import io.cairn.sql.catalog.Grant;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.Privilege;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.catalog.UserInfo;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlAdminCheckTable;
import io.cairn.sql.parser.ast.SqlAlterTable;
import io.cairn.sql.parser.ast.SqlAlterTableAction;
import io.cairn.sql.parser.ast.SqlCreateDatabase;
import io.cairn.sql.parser.ast.SqlCreateIndex;
import io.cairn.sql.parser.ast.SqlCreateTable;
import io.cairn.sql.parser.ast.SqlCreateView;
import io.cairn.sql.parser.ast.SqlDropIndex;
import io.cairn.sql.parser.ast.SqlDropObjects;
import io.cairn.sql.parser.ast.SqlExplainStatement;
import io.cairn.sql.parser.ast.SqlGrant;
import io.cairn.sql.parser.ast.SqlLockingSelect;
import io.cairn.sql.parser.ast.SqlMySqlDelete;
import io.cairn.sql.parser.ast.SqlMySqlInsert;
import io.cairn.sql.parser.ast.SqlMySqlUpdate;
import io.cairn.sql.parser.ast.SqlMultiTableDelete;
import io.cairn.sql.parser.ast.SqlMultiTableUpdate;
import io.cairn.sql.parser.ast.SqlRenameTable;
import io.cairn.sql.parser.ast.SqlSetPassword;
import io.cairn.sql.parser.ast.SqlSetVariables;
import io.cairn.sql.parser.ast.SqlShow;
import io.cairn.sql.parser.ast.SqlShowGrants;
import io.cairn.sql.parser.ast.SqlTruncateTable;
import io.cairn.sql.parser.ast.SqlUseDatabase;
import io.cairn.sql.parser.ast.SqlUserStatement;
import io.cairn.sql.parser.ast.SqlVariableAssignment;
import io.cairn.sql.parser.ast.VariableScope;
import io.cairn.sql.session.SqlException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

/**
 * Decides whether a session's account may run a statement, before it runs, from the parsed
 * statement and the newest catalog's grants. A privilege held globally covers every database,
 * one held on a database covers its tables (MySQL's rule); GRANT OPTION is held per level.
 *
 * <ul>
 *   <li>Queries need SELECT on every table they read, in FROM clauses, joins, subqueries and
 *       CTE bodies (CTE names are not tables). A view needs SELECT on itself and, since Cairn
 *       keeps no view definer, on the tables its query reads, checked for the invoker (MySQL's
 *       {@code SQL SECURITY INVOKER}). information_schema is readable by everyone.
 *   <li>INSERT needs INSERT on its target (REPLACE also DELETE, ON DUPLICATE KEY UPDATE also
 *       UPDATE); UPDATE and DELETE need their privilege on the target, plus SELECT on it when a
 *       WHERE clause reads it; every statement needs SELECT on the other tables it reads.
 *   <li>DDL needs CREATE / DROP / ALTER / INDEX on its target, as TiDB checks them (a rename
 *       also DROP on the old name and CREATE, INSERT on the new one; TRUNCATE needs DROP).
 *   <li>Account statements need the global CREATE USER privilege, except SET PASSWORD and SHOW
 *       GRANTS for one's own account; GRANT and REVOKE need GRANT OPTION and the privileges
 *       they hand out, at the target's level or above; SET GLOBAL needs SUPER.
 *   <li>USE, SHOW TABLES FROM and SHOW CREATE DATABASE need some privilege in the database;
 *       SHOW COLUMNS / INDEX / CREATE TABLE some privilege on the table. SHOW DATABASES,
 *       SHOW TABLES and information_schema list only what {@link #canSeeDatabase} and {@link
 *       #canSeeTable} allow.
 *   <li>PROCESSLIST shows other users' sessions only with PROCESS; KILL of another user's
 *       session needs SUPER.
 * </ul>
 *
 * <p>The account is the one the session authenticated as ({@link CairnSession#accountHost()});
 * once it is dropped or renamed, the session may do nothing that needs a privilege.
 *
 * <p>Refusals are MySQL's: 1142 for a table, 1044 for a database, 1227 for a global privilege.
 * An account that holds every global privilege is not checked further. One checker serves one
 * statement; not thread-safe.
 */
final class AccessChecker {
  private static final int MAX_VIEW_DEPTH = 16;
  private static final Set<Privilege> ALL_GLOBAL = Privilege.allAt(Grant.Level.GLOBAL);

  private final InfoSchema schema;
  private final UserInfo account;
  private final String user;
  private final String host;
  private final String database;
  private final MySqlParser parser;

  /**
   * @param account the session's account, or null when it was dropped (then nothing is allowed)
   * @param database the session's current database, or null
   */
  AccessChecker(InfoSchema schema, UserInfo account, String user, String host, String database,
      MySqlParser parser) {
    this.schema = schema;
    this.account = account;
    this.user = user;
    this.host = host;
    this.database = database;
    this.parser = parser;
  }

  /** The checker for {@code session}'s next statement, over the newest loaded catalog. */
  static AccessChecker of(CairnSession session) {
    InfoSchema is = session.engine().catalog().current();
    UserInfo account = session.accountHost() == null ? null
        : is.users().account(session.user(), session.accountHost()).orElse(null);
    return new AccessChecker(is, account, session.user(), session.host(), session.database(),
        session.parser());
  }

  /** The session's account, if it still exists. */
  Optional<UserInfo> account() {
    return Optional.ofNullable(account);
  }

  /** Whether the account holds every global privilege (root's state). */
  boolean superuser() {
    return account != null && account.global().privileges().containsAll(ALL_GLOBAL);
  }

  /** Throws 1142, 1044 or 1227 if the account may not run {@code node}. */
  void check(SqlNode node) {
    if (superuser()) {
      return;
    }
    switch (node) {
      case SqlUseDatabase use -> requireDatabaseAccess(use.database().getSimple());
      case SqlShow show -> show(show);
      case SqlSetVariables set -> {
        for (SqlNode a : set.assignments()) {
          if (a instanceof SqlVariableAssignment va && va.target().scope() == VariableScope.GLOBAL) {
            requireGlobal(Privilege.SUPER);
          }
        }
      }
      case SqlUserStatement ignored -> requireGlobal(Privilege.CREATE_USER);
      case SqlSetPassword set -> {
        if (set.user() != null && !isSelf(set.user().user(), set.user().host())) {
          requireGlobal(Privilege.CREATE_USER);
        }
      }
      case SqlShowGrants show -> {
        if (show.user() != null && !isSelf(show.user().user(), show.user().host())
            && !has(Privilege.SELECT, null, null)) {
          throw databaseDenied("mysql");
        }
      }
      case SqlGrant grant -> grant(grant);
      case SqlCreateDatabase c -> requireOnDatabase(Privilege.CREATE, c.name().getSimple());
      case SqlDropObjects d -> {
        if (d.objectKind() == SqlDropObjects.ObjectKind.DATABASE) {
          requireOnDatabase(Privilege.DROP, ((SqlIdentifier) d.names().get(0)).getSimple());
        } else {
          for (SqlNode n : d.names()) {
            requireOnTable(Privilege.DROP, (SqlIdentifier) n);
          }
        }
      }
      case SqlCreateTable c -> requireOnTable(Privilege.CREATE, c.name());
      case SqlCreateView v -> {
        requireOnTable(Privilege.CREATE, v.name());
        reads(v.query(), database, Set.of(), 0);
      }
      case SqlCreateIndex c -> requireOnTable(Privilege.INDEX, c.table());
      case SqlDropIndex d -> requireOnTable(Privilege.INDEX, d.table());
      case SqlAlterTable a -> alter(a);
      case SqlRenameTable r -> {
        for (int i = 0; i < r.from().size(); i++) {
          rename((SqlIdentifier) r.from().get(i), (SqlIdentifier) r.to().get(i));
        }
      }
      case SqlTruncateTable t -> requireOnTable(Privilege.DROP, t.name());
      case SqlMySqlInsert insert -> {
        SqlIdentifier target = target(insert.getTargetTable());
        requireOnTable(Privilege.INSERT, target);
        if (insert.replace()) {
          requireOnTable(Privilege.DELETE, target);
        }
        if (insert.updateColumns().size() > 0) {
          requireOnTable(Privilege.UPDATE, target);
        }
        reads(insert.getSource(), database, Set.of(), 0);
        walk(insert.updateValues(), database, Set.of(), 0);
      }
      case SqlMySqlUpdate update -> {
        SqlIdentifier target = target(update.getTargetTable());
        requireOnTable(Privilege.UPDATE, target);
        if (update.getCondition() != null) {
          requireOnTable(Privilege.SELECT, target);
        }
        walk(update.getSourceExpressionList(), database, Set.of(), 0);
        walk(update.getCondition(), database, Set.of(), 0);
      }
      case SqlMySqlDelete delete -> {
        SqlIdentifier target = target(delete.getTargetTable());
        requireOnTable(Privilege.DELETE, target);
        if (delete.getCondition() != null) {
          requireOnTable(Privilege.SELECT, target);
        }
        walk(delete.getCondition(), database, Set.of(), 0);
      }
      case SqlMultiTableUpdate update -> {
        // SELECT on every referenced table (stricter than MySQL for a target whose columns the
        // statement only writes); UPDATE on the targets once the executor has resolved them.
        from(update.from(), database, Set.of(), 0);
        walk(update.values(), database, Set.of(), 0);
        walk(update.condition(), database, Set.of(), 0);
      }
      case SqlMultiTableDelete delete -> {
        from(delete.from(), database, Set.of(), 0);
        walk(delete.condition(), database, Set.of(), 0);
      }
      case SqlExplainStatement explain -> check(explain.statement());
      case SqlAdminCheckTable admin -> {
        for (SqlNode n : admin.tables()) {
          requireOnTable(Privilege.SELECT, (SqlIdentifier) n);
        }
      }
      case SqlLockingSelect locking -> reads(locking.query(), database, Set.of(), 0);
      default -> {
        if (node.getKind().belongsTo(SqlKind.QUERY)) {
          reads(node, database, Set.of(), 0);
        }
      }
    }
  }

  // ---- questions the SHOW family and information_schema ask ----

  /** Whether the account holds any privilege in {@code db} (globally, on it, or on a table). */
  boolean canSeeDatabase(String db) {
    if (superuser() || db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      return true;
    }
    if (account == null) {
      return false;
    }
    String lower = db.toLowerCase(Locale.ROOT);
    for (Grant g : account.grants()) {
      if (g.level() == Grant.Level.GLOBAL ? hasDataPrivilege(g) : lower.equals(g.db()) && !g.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the account holds any privilege on table {@code db.table}. */
  boolean canSeeTable(String db, String table) {
    if (superuser() || db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      return true;
    }
    for (Privilege p : Privilege.allAt(Grant.Level.TABLE)) {
      if (has(p, db, table)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the account may see (and KILL) the sessions of {@code otherUser}: its own, or all with PROCESS. */
  boolean canSeeSessionOf(String otherUser) {
    return otherUser.equals(user) || superuser() || has(Privilege.PROCESS, null, null);
  }

  /** Whether the account may kill the sessions of {@code otherUser}: its own, or all with SUPER. */
  boolean canKillSessionOf(String otherUser) {
    return otherUser.equals(user) || superuser() || has(Privilege.SUPER, null, null);
  }

  // ---- statement families ----

  private void show(SqlShow show) {
    switch (show.kind()) {
      case TABLES -> {
        String db = show.database() != null ? show.database().getSimple() : database;
        if (db != null) {
          requireDatabaseAccess(db);
        }
      }
      case CREATE_DATABASE -> requireDatabaseAccess(show.target().getSimple());
      case COLUMNS, INDEX, CREATE_TABLE -> {
        SqlIdentifier target = show.target();
        String db = show.database() != null ? show.database().getSimple() : dbOf(target);
        String table = target.names.get(target.names.size() - 1);
        if (db != null && !canSeeTable(db, table)) {
          throw tableDenied(Privilege.SELECT.sql(), db, table);
        }
      }
      default -> {
      }
    }
  }

  private void alter(SqlAlterTable a) {
    requireOnTable(Privilege.ALTER, a.name());
    for (SqlNode n : a.actions()) {
      SqlAlterTableAction action = (SqlAlterTableAction) n;
      if (action.action() == SqlAlterTableAction.Action.RENAME) {
        rename(a.name(), (SqlIdentifier) action.subject());
      }
    }
  }

  private void rename(SqlIdentifier from, SqlIdentifier to) {
    requireOnTable(Privilege.ALTER, from);
    requireOnTable(Privilege.DROP, from);
    requireOnTable(Privilege.CREATE, to);
    requireOnTable(Privilege.INSERT, to);
  }

  private void grant(SqlGrant g) {
    String db = g.level() == SqlGrant.Level.GLOBAL ? null : g.db() != null ? g.db().getSimple() : database;
    String table = g.level() == SqlGrant.Level.TABLE ? g.table().getSimple() : null;
    if (g.level() != SqlGrant.Level.GLOBAL && db == null) {
      return;
    }
    boolean option = hasGrantOption(db, table);
    Set<Privilege> needed = EnumSet.noneOf(Privilege.class);
    for (String name : g.privileges()) {
      if (name.equals("ALL")) {
        needed.addAll(Privilege.allAt(level(g.level())));
      } else {
        Privilege.ofSql(name).ifPresent(needed::add);
      }
    }
    boolean holds = needed.stream().allMatch(p -> has(p, db, table));
    if (option && holds) {
      return;
    }
    String command = g.revoke() ? "REVOKE" : "GRANT";
    switch (g.level()) {
      case GLOBAL -> throw globalDenied("GRANT OPTION");
      case DATABASE -> throw databaseDenied(db);
      case TABLE -> throw tableDenied(command, db, table);
    }
  }

  static Grant.Level level(SqlGrant.Level level) {
    return switch (level) {
      case GLOBAL -> Grant.Level.GLOBAL;
      case DATABASE -> Grant.Level.DATABASE;
      case TABLE -> Grant.Level.TABLE;
    };
  }

  // ---- tables read by queries ----

  /** Checks SELECT on the tables {@code query} reads; {@code ctes} are names of WITH items. */
  private void reads(SqlNode query, String defaultDb, Set<String> ctes, int viewDepth) {
    walk(query, defaultDb, ctes, viewDepth);
  }

  private void walk(SqlNode node, String defaultDb, Set<String> ctes, int viewDepth) {
    switch (node) {
      case null -> {
      }
      case SqlSelect select -> {
        from(select.getFrom(), defaultDb, ctes, viewDepth);
        for (SqlNode operand : select.getOperandList()) {
          if (operand != select.getFrom()) {
            walk(operand, defaultDb, ctes, viewDepth);
          }
        }
      }
      case SqlWith with -> {
        Set<String> inner = new HashSet<>(ctes);
        for (SqlNode item : with.withList) {
          inner.add(((SqlWithItem) item).name.getSimple().toLowerCase(Locale.ROOT));
        }
        for (SqlNode item : with.withList) {
          walk(((SqlWithItem) item).query, defaultDb, inner, viewDepth);
        }
        walk(with.body, defaultDb, inner, viewDepth);
      }
      case SqlLockingSelect locking -> walk(locking.query(), defaultDb, ctes, viewDepth);
      case SqlNodeList list -> {
        for (SqlNode n : list) {
          walk(n, defaultDb, ctes, viewDepth);
        }
      }
      case SqlCall call -> {
        for (SqlNode operand : call.getOperandList()) {
          walk(operand, defaultDb, ctes, viewDepth);
        }
      }
      default -> {
        // Identifiers outside FROM are columns; literals and parameters read no table.
      }
    }
  }

  private void from(SqlNode from, String defaultDb, Set<String> ctes, int viewDepth) {
    switch (from) {
      case null -> {
      }
      case SqlIdentifier id -> table(id, defaultDb, ctes, viewDepth);
      case SqlJoin join -> {
        from(join.getLeft(), defaultDb, ctes, viewDepth);
        from(join.getRight(), defaultDb, ctes, viewDepth);
        walk(join.getCondition(), defaultDb, ctes, viewDepth);
      }
      case SqlBasicCall call when call.getKind() == SqlKind.AS -> from(call.operand(0), defaultDb, ctes, viewDepth);
      default -> walk(from, defaultDb, ctes, viewDepth);
    }
  }

  private void table(SqlIdentifier id, String defaultDb, Set<String> ctes, int viewDepth) {
    if (id.isStar()) {
      return;
    }
    String name = id.names.get(id.names.size() - 1);
    if (id.names.size() == 1 && ctes.contains(name.toLowerCase(Locale.ROOT))) {
      return;
    }
    String db = id.names.size() > 1 ? id.names.get(id.names.size() - 2) : defaultDb;
    if (db == null || db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      // Without a database the statement fails with 1046 when it resolves the name.
      return;
    }
    if (!has(Privilege.SELECT, db, name)) {
      throw tableDenied(Privilege.SELECT.sql(), db, name);
    }
    Optional<TableInfo> view = schema.table(db, name).filter(TableInfo::isView);
    if (view.isPresent() && viewDepth < MAX_VIEW_DEPTH) {
      String viewDb = schema.databaseById(view.get().dbId()).map(d -> d.name()).orElse(db);
      walk(parser.parse(view.get().view().selectSql()), viewDb, Set.of(), viewDepth + 1);
    }
  }

  // ---- the privilege rule ----

  /** Whether the account holds {@code p} on {@code db.table} (null table: the database; null db: global). */
  boolean has(Privilege p, String db, String table) {
    if (account == null) {
      return false;
    }
    String ldb = db == null ? null : db.toLowerCase(Locale.ROOT);
    String ltable = table == null ? null : table.toLowerCase(Locale.ROOT);
    for (Grant g : account.grants()) {
      if (!g.privileges().contains(p)) {
        continue;
      }
      boolean covers = switch (g.level()) {
        case GLOBAL -> true;
        case DATABASE -> g.db().equals(ldb);
        case TABLE -> g.db().equals(ldb) && g.table().equals(ltable);
      };
      if (covers) {
        return true;
      }
    }
    return false;
  }

  private boolean hasGrantOption(String db, String table) {
    if (account == null) {
      return false;
    }
    String ldb = db == null ? null : db.toLowerCase(Locale.ROOT);
    String ltable = table == null ? null : table.toLowerCase(Locale.ROOT);
    for (Grant g : account.grants()) {
      if (!g.grantOption()) {
        continue;
      }
      boolean covers = switch (g.level()) {
        case GLOBAL -> true;
        case DATABASE -> ldb != null && g.db().equals(ldb);
        case TABLE -> ltable != null && g.db().equals(ldb) && g.table().equals(ltable);
      };
      if (covers) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDataPrivilege(Grant global) {
    for (Privilege p : global.privileges()) {
      if (p.validAt(Grant.Level.DATABASE)) {
        return true;
      }
    }
    return false;
  }

  private boolean isSelf(String u, String h) {
    return account != null && account.is(u, h);
  }

  /** A DML statement's target table; the grammar gives only plain table names. */
  private static SqlIdentifier target(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      return id;
    }
    throw new IllegalStateException("DML target is not a table name: " + node);
  }

  private String dbOf(SqlIdentifier id) {
    return id.names.size() > 1 ? id.names.get(0) : database;
  }

  private void requireDatabaseAccess(String db) {
    if (!canSeeDatabase(db)) {
      throw databaseDenied(db);
    }
  }

  private void requireOnDatabase(Privilege p, String db) {
    if (!has(p, db, null)) {
      throw databaseDenied(db);
    }
  }

  /** Throws 1142 unless the account holds {@code p} on {@code db.table}. */
  void requireOnTable(Privilege p, String db, String table) {
    if (!superuser() && !has(p, db, table)) {
      throw tableDenied(p.sql(), db, table);
    }
  }

  private void requireOnTable(Privilege p, SqlIdentifier id) {
    String db = dbOf(id);
    if (db == null) {
      return;
    }
    String table = id.names.get(id.names.size() - 1);
    if (!has(p, db, table)) {
      throw tableDenied(p.sql(), db, table);
    }
  }

  private void requireGlobal(Privilege p) {
    if (!has(p, null, null)) {
      throw globalDenied(p.sql());
    }
  }

  private SqlException tableDenied(String command, String db, String table) {
    return new SqlException(1142, "42000", command + " command denied to user '" + user + "'@'" + host
        + "' for table '" + db + "." + table + "'");
  }

  SqlException databaseDenied(String db) {
    return new SqlException(1044, "42000", "Access denied for user '" + user + "'@'" + host
        + "' to database '" + db + "'");
  }

  private static SqlException globalDenied(String privilege) {
    return new SqlException(1227, "42000",
        "Access denied; you need (at least one of) the " + privilege + " privilege(s) for this operation");
  }
}
