package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.EvalException;
import io.cairn.kv.KvException;
import io.cairn.sql.MySqlParseException;
import io.cairn.sql.session.SqlException;

/**
 * Turns whatever a statement threw into the {@link SqlException} the client receives: the
 * storage's {@link KvException}s carry their MySQL errno and SQLSTATE already (the one
 * translation point is the driver boundary), as do parse and evaluation errors. Anything else
 * is a bug and reaches the client as 1105 with its message, never silently.
 */
final class Errors {
  private Errors() {}

  static SqlException toSql(Throwable t) {
    if (t instanceof SqlException s) {
      return s;
    }
    if (t instanceof MySqlParseException p) {
      return new SqlException(p.errorCode(), p.sqlState(), p.getMessage(), p);
    }
    if (t instanceof KvException k) {
      return new SqlException(k.errno(), k.sqlState(), k.getMessage(), k);
    }
    if (t instanceof EvalException e) {
      return new SqlException(e.errno(), e.sqlState(), e.getMessage(), e);
    }
    String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    return new SqlException(1105, "HY000", msg, t);
  }

  static SqlException notSupported(String construct) {
    return new SqlException(1235, "42000", "This version of Cairn doesn't yet support '" + construct + "'");
  }

  static SqlException noDatabaseSelected() {
    return new SqlException(1046, "3D000", "No database selected");
  }
}
