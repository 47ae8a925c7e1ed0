package io.cairn.sql.engine;

import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.parser.ast.SqlAdminCheckTable;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.table.AdminCheck;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/** ADMIN CHECK TABLE: every PUBLIC index against the rows, read in the statement's transaction. */
final class AdminExecutor {
  private final CairnSession session;

  AdminExecutor(CairnSession session) {
    this.session = session;
  }

  StatementResult check(SqlAdminCheckTable check) {
    for (SqlNode n : check.tables()) {
      SqlIdentifier id = (SqlIdentifier) n;
      TableInfo t = session.txn().schema().requireTable(session.databaseOf(id), CairnSession.nameOf(id));
      if (!t.isView()) {
        AdminCheck.checkTable(session.retriever(), t);
      }
    }
    return StatementResult.Update.of(0);
  }
}
