package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlMySqlDelete;
import io.cairn.sql.parser.ast.SqlMySqlUpdate;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.table.Values;
import io.cairn.sql.table.WriteContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Single-table UPDATE and DELETE with WHERE, ORDER BY and LIMIT. The rows to change are found
 * by a SELECT over the target with its handle column ({@link CatalogTableSource#HANDLE}) and the
 * new values computed in the same query, all materialized before the first write; each row is
 * then re-read by handle in the transaction and changed through {@link TableWriter}. All SET
 * expressions see the row as it was before the statement (MySQL evaluates them left to right
 * over the partly updated row; Cairn does not yet). A WHERE that is exactly a key equality or
 * IN list, without ORDER BY or LIMIT, and SET values that are all literals or parameters, skip
 * the query: the rows are read by key ({@link AccessPath}).
 */
final class UpdateDeleteExecutor {
  private final CairnSession session;
  private final List<Object> params;

  UpdateDeleteExecutor(CairnSession session, List<Object> params) {
    this.session = session;
    this.params = params;
  }

  StatementResult update(SqlMySqlUpdate update) {
    DmlTarget target = DmlTarget.resolve(session, update.getTargetTable(), "UPDATE");
    TableInfo table = target.table();
    List<ColumnInfo> assigned = new ArrayList<>();
    List<SqlNode> parts = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ");
    String alias = update.getAlias() != null ? update.getAlias().getSimple() : table.name();
    sql.append('`').append(alias.replace("`", "``")).append("`.`").append(CatalogTableSource.HANDLE).append('`');
    SqlNodeList columns = update.getTargetColumnList();
    // Plain literals and parameters are taken as they are (a bare ? has no type to plan with);
    // other expressions are computed by the row query, after the handle, in order.
    Object[] constants = new Object[columns.size()];
    int[] queryColumn = new int[columns.size()];
    int next = 1;
    for (int i = 0; i < columns.size(); i++) {
      assigned.add(InsertExecutor.publicColumn(table, CairnSession.nameOf((SqlIdentifier) columns.get(i))));
      SqlNode expr = update.getSourceExpressionList().get(i);
      Object literal = Literals.valueOf(expr, params);
      if (literal != Literals.NOT_LITERAL) {
        constants[i] = literal;
        queryColumn[i] = -1;
        continue;
      }
      sql.append(", ").append(MySqlParser.unparse(expr));
      parts.add(expr);
      queryColumn[i] = next++;
    }
    List<Object[]> matched = parts.isEmpty()
        ? directHandles(update.getTargetTable(), update.getAlias(), table, update.getCondition(),
            update.orderBy(), update.limit())
        : null;
    QueryResult rows = null;
    if (matched == null) {
      appendFromWhere(sql, target, update.getAlias(), update.getCondition(), update.orderBy(), update.limit(),
          parts);
      rows = new ExpressionEvaluator(session, params).query(sql.toString(), parts, Set.of(table.id()));
      matched = rows.rows();
    }

    Transaction txn = session.txn().current();
    session.txn().wrote(table.id());
    EvalContext ectx = session.evalContext(true);
    WriteContext wctx = new WriteContext(session.strict(),
        LocalDateTime.ofInstant(session.clock().instant(), session.timeZone()));
    ValueBridge bridge = session.bridge();
    TableReader reader = new TableReader(table);
    TableWriter writer = session.engine().writer();
    long changed = 0;
    for (Object[] r : matched) {
      wctx.nextRow();
      long handle = (Long) r[0];
      Object[] old = reader.get(txn, handle);
      if (old == null) {
        continue;
      }
      Object[] updated = old.clone();
      for (int i = 0; i < assigned.size(); i++) {
        ColumnInfo c = assigned.get(i);
        int q = queryColumn[i];
        Object v = q < 0 ? constants[i] : r[q];
        updated[c.offset()] = ColumnTypes.toColumn(table, c, v,
            q < 0 ? ColumnTypes.typeOf(v) : rows.types().get(q), ectx, bridge, wctx.rowNumber());
      }
      if (Values.sameRow(old, updated)) {
        continue;
      }
      writer.update(txn, table, handle, old, updated, wctx);
      changed++;
    }
    List<SqlWarning> warnings = new ArrayList<>();
    if (rows != null) {
      rows.warnings().forEach(w -> warnings.add(CairnSession.warning(w)));
    }
    ectx.warnings().forEach(w -> warnings.add(CairnSession.warning(w)));
    session.setWarnings(warnings);
    String info = "Rows matched: " + matched.size() + "  Changed: " + changed + "  Warnings: "
        + warnings.size();
    return new StatementResult.Update(changed, 0, warnings.size(), info);
  }

  StatementResult delete(SqlMySqlDelete delete) {
    DmlTarget target = DmlTarget.resolve(session, delete.getTargetTable(), "DELETE");
    TableInfo table = target.table();
    List<SqlNode> parts = new ArrayList<>();
    String alias = delete.getAlias() != null ? delete.getAlias().getSimple() : table.name();
    StringBuilder sql = new StringBuilder("SELECT `").append(alias.replace("`", "``")).append("`.`")
        .append(CatalogTableSource.HANDLE).append('`');
    List<Object[]> matched = directHandles(delete.getTargetTable(), delete.getAlias(), table,
        delete.getCondition(), delete.orderBy(), delete.limit());
    QueryResult rows = null;
    if (matched == null) {
      appendFromWhere(sql, target, delete.getAlias(), delete.getCondition(), delete.orderBy(), delete.limit(),
          parts);
      rows = new ExpressionEvaluator(session, params).query(sql.toString(), parts, Set.of(table.id()));
      matched = rows.rows();
    }

    Transaction txn = session.txn().current();
    session.txn().wrote(table.id());
    TableReader reader = new TableReader(table);
    TableWriter writer = session.engine().writer();
    long deleted = 0;
    for (Object[] r : matched) {
      long handle = (Long) r[0];
      Object[] old = reader.get(txn, handle);
      if (old == null) {
        continue;
      }
      writer.delete(txn, table, handle, old);
      deleted++;
    }
    List<SqlWarning> warnings = new ArrayList<>();
    if (rows != null) {
      rows.warnings().forEach(w -> warnings.add(CairnSession.warning(w)));
    }
    session.setWarnings(warnings);
    return new StatementResult.Update(deleted, 0, warnings.size(), "");
  }

  /**
   * The handles ({@code Object[]{handle}} rows) a WHERE that is exactly a point path on the
   * target's key selects, read by key without planning a query; null when the statement needs
   * the planned row query (other conditions, string keys, ORDER BY or LIMIT).
   */
  private List<Object[]> directHandles(SqlNode target, SqlIdentifier alias, TableInfo table,
      SqlNode where, SqlNodeList orderBy, SqlNode limit) {
    if ((orderBy != null && !orderBy.isEmpty()) || limit != null || !(target instanceof SqlIdentifier targetName)) {
      return null;
    }
    KeyConditions kc = AccessPathAnalyzer.analyzeWhere(targetName,
        alias != null ? alias.getSimple() : CairnSession.nameOf(targetName), where);
    if (kc == null || !kc.complete() || !PointGetExecutor.numericKeys(kc, params)) {
      return null;
    }
    AccessPath path = AccessPath.choose(table, kc).orElse(null);
    AccessPath.Keys keys = path != null && path.exact() ? path.resolve(params) : null;
    if (path == null || !path.exactFor(keys)) {
      return null;
    }
    List<Object[]> out = new ArrayList<>();
    for (TableReader.Row r : path.read(new TableReader(table), session.txn().current(), keys)) {
      out.add(new Object[] {r.handle()});
    }
    return out;
  }

  private static void appendFromWhere(StringBuilder sql, DmlTarget target, SqlIdentifier alias,
      SqlNode where, SqlNodeList orderBy, SqlNode limit, List<SqlNode> parts) {
    sql.append(" FROM ").append(target.quoted());
    if (alias != null) {
      sql.append(" AS `").append(alias.getSimple().replace("`", "``")).append('`');
    }
    if (where != null) {
      sql.append(" WHERE ").append(MySqlParser.unparse(where));
      parts.add(where);
    }
    if (orderBy != null && !orderBy.isEmpty()) {
      sql.append(" ORDER BY ");
      for (int i = 0; i < orderBy.size(); i++) {
        sql.append(i > 0 ? ", " : "").append(MySqlParser.unparse(orderBy.get(i)));
        parts.add(orderBy.get(i));
      }
    }
    if (limit != null) {
      sql.append(" LIMIT ").append(MySqlParser.unparse(limit));
      parts.add(limit);
    }
  }
}
