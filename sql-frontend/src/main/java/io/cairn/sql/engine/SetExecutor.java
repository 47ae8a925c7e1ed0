package io.cairn.sql.engine;

import io.cairn.kv.Storage;
import io.cairn.sql.catalog.Collations;
import io.cairn.sql.parser.ast.SqlSetNames;
import io.cairn.sql.parser.ast.SqlSetTransaction;
import io.cairn.sql.parser.ast.SqlSetVariables;
import io.cairn.sql.parser.ast.SqlVariableAssignment;
import io.cairn.sql.parser.ast.SqlVariableRef;
import io.cairn.sql.parser.ast.VariableScope;
import io.cairn.sql.session.SqlException;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * SET of system and user variables, SET NAMES and SET TRANSACTION. Values are evaluated like a
 * SELECT of the expression; a bare word ({@code SET autocommit = OFF}) is its own name, and
 * {@code DEFAULT} restores the global value. Changing autocommit to ON commits an open
 * transaction, as MySQL does.
 */
final class SetExecutor {
  private final CairnSession session;

  SetExecutor(CairnSession session) {
    this.session = session;
  }

  void set(SqlSetVariables set, List<Object> params) {
    for (SqlNode n : set.assignments()) {
      if (n instanceof SqlSetNames names) {
        setNames(names);
        continue;
      }
      SqlVariableAssignment a = (SqlVariableAssignment) n;
      SqlVariableRef target = a.target();
      SqlNode valueNode = a.value();
      if (target.scope() == VariableScope.USER) {
        Object v = value(valueNode, params);
        session.userVariables().put(target.name().toLowerCase(Locale.ROOT), v);
        continue;
      }
      String name = target.name().toLowerCase(Locale.ROOT);
      boolean global = target.scope() == VariableScope.GLOBAL;
      if (valueNode.getKind() == SqlKind.DEFAULT) {
        if (global) {
          throw new SqlException(1235, "42000", "This version of Cairn doesn't yet support 'SET GLOBAL ... = DEFAULT'");
        }
        session.variables().reset(name);
        session.systemVariableSet(name);
      } else {
        Object v = valueNode instanceof SqlIdentifier id && id.isSimple() ? id.getSimple() : value(valueNode, params);
        if (global) {
          if (SystemVariables.STORAGE_OPTIONS.contains(name)) {
            setStorageOption(name, v);
          } else {
            session.variables().setGlobal(name, v);
          }
        } else {
          boolean wasAutocommit = session.autocommit();
          session.variables().setSession(name, v);
          session.systemVariableSet(name);
          if (name.equals("autocommit") && !wasAutocommit && session.autocommit()) {
            session.txn().commit();
          }
        }
      }
    }
  }

  /**
   * Sets a global variable that is the running storage's option: the variable checks the value's
   * type, then the storage takes it. A value the storage refuses is 1231 and an option this
   * storage does not have 1235; the variable keeps its old value in both cases.
   */
  private void setStorageOption(String name, Object value) {
    Storage storage = session.engine().storage();
    if (!storage.options().containsKey(name)) {
      throw new SqlException(1235, "42000", "This storage (" + storage.describe() + ") has no option '" + name + "'");
    }
    String old = session.engine().variables().global(name);
    session.variables().setGlobal(name, value);
    String text = session.engine().variables().global(name);
    try {
      storage.setOption(name, text);
    } catch (IllegalArgumentException e) {
      session.variables().setGlobal(name, old);
      throw SessionVariables.wrongValue(name, String.valueOf(value));
    }
  }

  private Object value(SqlNode node, List<Object> params) {
    Object v = Literals.valueOf(node, params);
    if (v != Literals.NOT_LITERAL) {
      return v;
    }
    if (session.txn().current() == null) {
      return session.txn().runStatement(true,
          () -> new ExpressionEvaluator(session, params).evaluate(node).value());
    }
    return new ExpressionEvaluator(session, params).evaluate(node).value();
  }

  void setNames(SqlSetNames names) {
    String charset = names.charset() == null ? "utf8mb4" : names.charset().toLowerCase(Locale.ROOT);
    if (!Collations.isKnownCharset(charset)) {
      throw new SqlException(1115, "42000", "Unknown character set: '" + charset + "'");
    }
    String collation = names.collation() != null ? names.collation().toLowerCase(Locale.ROOT)
        : Collations.defaultCollation(charset);
    if (!Collations.isKnown(collation)) {
      throw new SqlException(1273, "HY000", "Unknown collation: '" + collation + "'");
    }
    SessionVariables v = session.variables();
    v.setSession("character_set_client", charset);
    v.setSession("character_set_connection", charset);
    v.setSession("character_set_results", charset);
    v.setSession("collation_connection", collation);
    for (String name : List.of("character_set_client", "character_set_connection", "character_set_results",
        "collation_connection")) {
      session.systemVariableSet(name);
    }
  }

  /**
   * SET TRANSACTION: without a scope keyword MySQL applies it to the next transaction only;
   * Cairn applies it to the session (documented difference). REPEATABLE READ (snapshot
   * isolation) and READ COMMITTED (pessimistic transactions only, as in TiDB) are offered;
   * the other two levels are refused with TiDB's 8048. {@code READ ONLY AS OF TIMESTAMP} is
   * TiDB's: it makes the next transaction only (explicit, or an autocommit statement's) a stale
   * read at that time, and is refused with a scope keyword or inside a transaction (1568).
   */
  void setTransaction(SqlSetTransaction st, List<Object> params) {
    SessionVariables v = session.variables();
    boolean global = st.scope() == VariableScope.GLOBAL;
    if (st.asOf() != null) {
      if (st.scope() != VariableScope.DEFAULT) {
        throw Errors.notSupported("SET " + st.scope().name() + " TRANSACTION READ ONLY AS OF TIMESTAMP");
      }
      if (session.txn().inTransaction()) {
        throw new SqlException(1568, "25001",
            "Transaction characteristics can't be changed while a transaction is in progress");
      }
      long ts = StaleReadTimestamps.of(session, List.of(st.asOf()), params);
      if (st.isolationLevel() != null) {
        v.setSession("transaction_isolation", st.isolationLevel().sql().replace(' ', '-'));
      }
      session.txn().setNextReadTs(ts);
      return;
    }
    if (st.isolationLevel() != null) {
      String level = st.isolationLevel().sql().replace(' ', '-');
      if (global) {
        v.setGlobal("transaction_isolation", level);
      } else {
        v.setSession("transaction_isolation", level);
      }
    }
    if (st.accessMode() != null) {
      String ro = st.accessMode() == io.cairn.sql.parser.ast.AccessMode.READ_ONLY ? "ON" : "OFF";
      if (global) {
        v.setGlobal("transaction_read_only", ro);
      } else {
        v.setSession("transaction_read_only", ro);
      }
    }
  }
}
