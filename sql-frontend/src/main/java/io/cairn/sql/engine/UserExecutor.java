package io.cairn.sql.engine;

import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.Grant;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.MetaStore;
import io.cairn.sql.catalog.Privilege;
import io.cairn.sql.catalog.UserChanges;
import io.cairn.sql.catalog.UserInfo;
import io.cairn.sql.catalog.UserTable;
import io.cairn.sql.parser.ast.SqlGrant;
import io.cairn.sql.parser.ast.SqlSetPassword;
import io.cairn.sql.parser.ast.SqlShowGrants;
import io.cairn.sql.parser.ast.SqlUserSpec;
import io.cairn.sql.parser.ast.SqlUserStatement;
import io.cairn.sql.session.Passwords;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlNode;

/**
 * Runs the account statements: CREATE / ALTER / DROP / RENAME USER, SET PASSWORD, GRANT,
 * REVOKE and SHOW GRANTS. Each change is one catalog transaction ({@link UserChanges}) that
 * reads the accounts it changes through that transaction, so a statement naming several
 * accounts changes all or none of them (MySQL 8's atomic account statements). Failures name the
 * accounts as MySQL does: 1396 (operation failed for), 1141/1147 (no such grant). Whether the
 * session may run the statement at all is {@link AccessChecker}'s question, asked before.
 */
final class UserExecutor {
  /** The plugin CREATE USER uses without IDENTIFIED WITH (TiDB's default_authentication_plugin). */
  static final String DEFAULT_PLUGIN = Passwords.NATIVE;

  private final CairnSession session;
  private final UserChanges changes;
  private final SecureRandom random;
  private final List<SqlWarning> warnings = new ArrayList<>();

  UserExecutor(CairnSession session) {
    this.session = session;
    this.changes = session.engine().userChanges();
    this.random = session.engine().random();
  }

  static boolean handles(SqlNode node) {
    return node instanceof SqlUserStatement || node instanceof SqlSetPassword || node instanceof SqlGrant
        || node instanceof SqlShowGrants;
  }

  /** Whether {@code node} changes accounts (and so commits the session's transaction first). */
  static boolean changes(SqlNode node) {
    return handles(node) && !(node instanceof SqlShowGrants);
  }

  StatementResult execute(SqlNode node) {
    switch (node) {
      case SqlShowGrants show -> {
        return showGrants(show);
      }
      case SqlUserStatement s -> {
        switch (s.action()) {
          case CREATE -> create(s);
          case ALTER -> alter(s);
          case DROP -> drop(s);
          case RENAME -> rename(s);
        }
      }
      case SqlSetPassword set -> setPassword(set);
      case SqlGrant grant -> grant(grant);
      default -> throw new IllegalArgumentException("not an account statement: " + node.getKind());
    }
    session.setWarnings(warnings);
    return new StatementResult.Update(0, 0, warnings.size(), "");
  }

  // ---- accounts ----

  private void create(SqlUserStatement s) {
    List<UserInfo> created = new ArrayList<>();
    for (SqlUserSpec spec : s.users()) {
      String plugin = spec.plugin() == null ? DEFAULT_PLUGIN : plugin(spec.plugin());
      created.add(new UserInfo(spec.user(), spec.host(), plugin, authString(plugin, spec), List.of()));
    }
    changes.change(txn -> {
      warnings.clear();
      UserTable users = new UserTable(MetaStore.users(txn));
      List<String> failed = new ArrayList<>();
      boolean any = false;
      for (UserInfo u : created) {
        if (users.account(u.user(), u.host()).isPresent()) {
          if (s.ifClause()) {
            warnings.add(new SqlWarning("Note", 3163, "Authorization ID " + name(u.user(), u.host())
                + " already exists."));
            continue;
          }
          failed.add(name(u.user(), u.host()));
          continue;
        }
        MetaStore.putUser(txn, u);
        users = new UserTable(append(users.all(), u));
        any = true;
      }
      failIf(failed, s.action().sql());
      return any;
    });
  }

  private void alter(SqlUserStatement s) {
    forEachExisting(s, (txn, spec, found) -> {
      if (!spec.identified()) {
        return false;
      }
      String plugin = spec.plugin() == null ? found.plugin() : plugin(spec.plugin());
      MetaStore.putUser(txn, found.withAuth(plugin, authString(plugin, spec)));
      return true;
    });
  }

  private void drop(SqlUserStatement s) {
    forEachExisting(s, (txn, spec, found) -> {
      MetaStore.deleteUser(txn, found.user(), found.host());
      return true;
    });
  }

  /** What ALTER USER or DROP USER does to one existing account; true when it changed it. */
  @FunctionalInterface
  private interface ExistingAccountChange {
    boolean apply(Transaction txn, SqlUserSpec spec, UserInfo found);
  }

  /**
   * Applies {@code change} to every account {@code s} names, in one catalog change: a missing
   * account is a note 3162 under IF EXISTS, otherwise the statement fails naming every missing
   * one and changes nothing.
   */
  private void forEachExisting(SqlUserStatement s, ExistingAccountChange change) {
    changes.change(txn -> {
      warnings.clear();
      List<String> failed = new ArrayList<>();
      boolean any = false;
      for (SqlUserSpec spec : s.users()) {
        Optional<UserInfo> found = account(txn, spec.user(), spec.host());
        if (found.isEmpty()) {
          if (s.ifClause()) {
            warnings.add(new SqlWarning("Note", 3162, "Authorization ID " + name(spec.user(), spec.host())
                + " does not exist."));
          } else {
            failed.add(name(spec.user(), spec.host()));
          }
          continue;
        }
        any |= change.apply(txn, spec, found.get());
      }
      failIf(failed, s.action().sql());
      return any;
    });
  }

  private void rename(SqlUserStatement s) {
    List<SqlUserSpec> pairs = s.users();
    changes.change(txn -> {
      UserTable users = new UserTable(MetaStore.users(txn));
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i += 2) {
        SqlUserSpec from = pairs.get(i);
        SqlUserSpec to = pairs.get(i + 1);
        Optional<UserInfo> found = users.account(from.user(), from.host());
        if (found.isEmpty() || users.account(to.user(), to.host()).isPresent()) {
          failed.add(name(from.user(), from.host()));
          continue;
        }
        UserInfo renamed = found.get().renamed(to.user(), to.host());
        MetaStore.deleteUser(txn, found.get().user(), found.get().host());
        MetaStore.putUser(txn, renamed);
        List<UserInfo> next = new ArrayList<>(users.all());
        next.remove(found.get());
        next.add(renamed);
        users = new UserTable(next);
      }
      failIf(failed, s.action().sql());
      return true;
    });
  }

  private void setPassword(SqlSetPassword set) {
    String user;
    String host;
    if (set.user() != null) {
      user = set.user().user();
      host = set.user().host();
    } else {
      UserInfo self = AccessChecker.of(session).account()
          .orElseThrow(() -> new SqlException(1133, "42000", "Can't find any matching row in the user table"));
      user = self.user();
      host = self.host();
    }
    changes.change(txn -> {
      UserInfo found = account(txn, user, host)
          .orElseThrow(() -> new SqlException(1133, "42000", "Can't find any matching row in the user table"));
      MetaStore.putUser(txn, found.withAuth(found.plugin(),
          Passwords.authString(found.plugin(), set.password(), random)));
      return true;
    });
  }

  // ---- grants ----

  private void grant(SqlGrant g) {
    Grant.Level level = AccessChecker.level(g.level());
    String db = g.level() == SqlGrant.Level.GLOBAL ? null
        : g.db() != null ? g.db().getSimple() : session.requireDatabase();
    String table = g.level() == SqlGrant.Level.TABLE ? g.table().getSimple() : null;
    Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    boolean grantOption = g.grantOption();
    for (String name : g.privileges()) {
      switch (name) {
        case "ALL" -> privileges.addAll(Privilege.allAt(level));
        case "USAGE" -> {
        }
        case "GRANT OPTION" -> grantOption = true;
        default -> {
          Privilege p = Privilege.ofSql(name)
              .orElseThrow(() -> Errors.notSupported("privilege " + name));
          if (!p.validAt(level)) {
            throw new SqlException(1221, "HY000", "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES");
          }
          privileges.add(p);
        }
      }
    }
    if (table != null && !g.revoke() && !privileges.contains(Privilege.CREATE)) {
      // MySQL refuses a table grant on a table that does not exist, unless it lets the
      // grantee create that table.
      session.engine().catalog().current().requireTable(db, table);
    }
    boolean option = grantOption;
    Grant none = new Grant(level, db, table, Set.of(), false);
    changes.change(txn -> {
      for (SqlUserSpec spec : g.users()) {
        Optional<UserInfo> found = account(txn, spec.user(), spec.host());
        if (found.isEmpty()) {
          if (g.revoke()) {
            throw noSuchGrant(spec, db, table);
          }
          throw new SqlException(1410, "42000", "You are not allowed to create a user with GRANT");
        }
        UserInfo u = found.get();
        Optional<Grant> current = u.grantOn(none);
        Grant next;
        if (g.revoke()) {
          if (current.isEmpty() && level != Grant.Level.GLOBAL) {
            throw noSuchGrant(spec, db, table);
          }
          Grant old = current.orElse(none);
          Set<Privilege> left = EnumSet.noneOf(Privilege.class);
          left.addAll(old.privileges());
          left.removeAll(privileges);
          next = new Grant(level, db, table, left, old.grantOption() && !option);
        } else {
          Grant old = current.orElse(none);
          Set<Privilege> all = EnumSet.noneOf(Privilege.class);
          all.addAll(old.privileges());
          all.addAll(privileges);
          next = new Grant(level, db, table, all, old.grantOption() || option);
        }
        MetaStore.putUser(txn, u.withGrant(next));
      }
      return true;
    });
  }

  private StatementResult showGrants(SqlShowGrants show) {
    InfoSchema is = session.engine().catalog().current();
    UserInfo u;
    if (show.user() == null) {
      u = AccessChecker.of(session).account()
          .orElseThrow(() -> new SqlException(1141, "42000", "There is no such grant defined for user '"
              + session.user() + "' on host '" + session.host() + "'"));
    } else {
      SqlUserSpec spec = show.user();
      u = is.users().account(spec.user(), spec.host())
          .orElseThrow(() -> new SqlException(1141, "42000", "There is no such grant defined for user '"
              + spec.user() + "' on host '" + spec.host() + "'"));
    }
    List<Object[]> rows = new ArrayList<>();
    String to = " TO " + quote(u.user()) + "@" + quote(u.host());
    rows.add(new Object[] {grantLine(u.global()) + to + (u.global().grantOption() ? " WITH GRANT OPTION" : "")});
    for (Grant g : u.grants()) {
      if (g.level() != Grant.Level.GLOBAL) {
        rows.add(new Object[] {grantLine(g) + to + (g.grantOption() ? " WITH GRANT OPTION" : "")});
      }
    }
    return ResultSets.strings(List.of("Grants for " + u.user() + "@" + u.host()), rows);
  }

  /** {@code GRANT privileges ON object}, as MySQL 8 writes it. */
  static String grantLine(Grant g) {
    String privileges;
    if (g.privileges().isEmpty()) {
      privileges = "USAGE";
    } else if (g.privileges().equals(Privilege.allAt(g.level()))) {
      privileges = "ALL PRIVILEGES";
    } else {
      privileges = g.privileges().stream().map(Privilege::sql).collect(Collectors.joining(", "));
    }
    String on = switch (g.level()) {
      case GLOBAL -> "*.*";
      case DATABASE -> quote(g.db()) + ".*";
      case TABLE -> quote(g.db()) + "." + quote(g.table());
    };
    return "GRANT " + privileges + " ON " + on;
  }

  // ---- helpers ----

  private static Optional<UserInfo> account(Transaction txn, String user, String host) {
    return new UserTable(MetaStore.users(txn)).account(user, host);
  }

  private static String plugin(String name) {
    if (!Passwords.supported(name)) {
      throw new SqlException(1524, "HY000", "Plugin '" + name + "' is not loaded");
    }
    return name;
  }

  private String authString(String plugin, SqlUserSpec spec) {
    String password = spec.password() == null ? "" : spec.password();
    if (spec.hashed()) {
      if (!Passwords.wellFormed(plugin, password)) {
        throw new SqlException(1827, "HY000", "The password hash doesn't have the expected format.");
      }
      return password;
    }
    return Passwords.authString(plugin, password, random);
  }

  private static void failIf(List<String> failed, String operation) {
    if (!failed.isEmpty()) {
      throw new SqlException(1396, "HY000", "Operation " + operation + " failed for " + String.join(",", failed));
    }
  }

  private static SqlException noSuchGrant(SqlUserSpec spec, String db, String table) {
    if (table != null) {
      return new SqlException(1147, "42000", "There is no such grant defined for user '" + spec.user()
          + "' on host '" + spec.host() + "' on table '" + table + "'");
    }
    return new SqlException(1141, "42000", "There is no such grant defined for user '" + spec.user()
        + "' on host '" + spec.host() + "'");
  }

  private static List<UserInfo> append(List<UserInfo> list, UserInfo u) {
    List<UserInfo> out = new ArrayList<>(list);
    out.add(u);
    return out;
  }

  /** {@code 'user'@'host'} as MySQL names an account in messages. */
  static String name(String user, String host) {
    return "'" + user + "'@'" + host + "'";
  }

  /** A name in backquotes, as SHOW GRANTS writes it. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
