package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.kv.Transaction;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.Privilege;
import io.cairn.sql.catalog.SchemaState;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.parser.ast.SqlMultiTableDelete;
import io.cairn.sql.parser.ast.SqlMultiTableUpdate;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.SqlException;
import io.cairn.sql.session.SqlWarning;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.table.TableReader;
import io.cairn.sql.table.TableWriter;
import io.cairn.sql.table.Values;
import io.cairn.sql.table.WriteContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * MySQL's multi-table UPDATE and DELETE. One query over the statement's table references
 * selects, per row of the join that passes the WHERE, the handle of every target table
 * ({@link CatalogTableSource#HANDLE}) and the values of the SET expressions; it is materialized
 * before the first write. Then every target row is changed once, as MySQL does, with the values
 * of the first joined row that matched it; a target that an outer join left unmatched (null
 * handle) is skipped. Rows are re-read by handle in the transaction and written through
 * {@link TableWriter}, so indexes, constraints and locks behave as in the single-table forms
 * ({@link UpdateDeleteExecutor}).
 */
final class MultiTableDmlExecutor {
  private final CairnSession session;
  private final List<Object> params;

  MultiTableDmlExecutor(CairnSession session, List<Object> params) {
    this.session = session;
    this.params = params;
  }

  /** A table of the references: its name as the statement may use it and, for a stored table, its metadata. */
  private record Ref(String alias, String db, String tableName, TableInfo table) {
    boolean named(SqlIdentifier id) {
      if (id.names.size() == 1) {
        return alias.equalsIgnoreCase(id.names.get(0));
      }
      return table != null && alias.equalsIgnoreCase(tableName)
          && db.equalsIgnoreCase(id.names.get(id.names.size() - 2))
          && tableName.equalsIgnoreCase(id.names.get(id.names.size() - 1));
    }
  }

  /** A target table with the statement's position of its handle in the row query. */
  private static final class Target {
    final Ref ref;
    final int handleColumn;
    final List<ColumnInfo> columns = new ArrayList<>();
    final List<Integer> sources = new ArrayList<>();
    final Map<Long, Object[]> rows = new LinkedHashMap<>();

    Target(Ref ref, int handleColumn) {
      this.ref = ref;
      this.handleColumn = handleColumn;
    }
  }

  StatementResult update(SqlMultiTableUpdate update) {
    List<Ref> refs = references(update.from());
    List<Target> targets = new ArrayList<>();
    List<Object> constants = new ArrayList<>();
    List<SqlNode> computed = new ArrayList<>();
    List<Integer> computedColumn = new ArrayList<>();
    for (int i = 0; i < update.columns().size(); i++) {
      SqlIdentifier column = (SqlIdentifier) update.columns().get(i);
      Ref ref = assignedTable(refs, column);
      Target target = targets.stream().filter(t -> t.ref == ref).findFirst().orElse(null);
      if (target == null) {
        target = new Target(ref, targets.size());
        targets.add(target);
        AccessChecker.of(session).requireOnTable(Privilege.UPDATE, ref.db(), ref.tableName());
      }
      target.columns.add(InsertExecutor.publicColumn(ref.table(), CairnSession.nameOf(column)));
      SqlNode expr = update.values().get(i);
      Object literal = Literals.valueOf(expr, params);
      if (literal != Literals.NOT_LITERAL) {
        // A constant: encoded as -1 - its index among the constants.
        target.sources.add(-1 - constants.size());
        constants.add(literal);
      } else {
        target.sources.add(computed.size());
        computed.add(expr);
      }
    }
    // The row query selects the targets' handles, then the computed values.
    for (Target t : targets) {
      t.sources.replaceAll(s -> s >= 0 ? targets.size() + s : s);
    }
    QueryResult rows = matchedRows(targets, computed, update.from(), update.condition());

    Transaction txn = session.txn().current();
    targets.forEach(t -> session.txn().wrote(t.ref.table().id()));
    EvalContext ectx = session.evalContext(true);
    WriteContext wctx = new WriteContext(session.strict(),
        LocalDateTime.ofInstant(session.clock().instant(), session.timeZone()));
    ValueBridge bridge = session.bridge();
    TableWriter writer = session.engine().writer();
    long matched = 0;
    long changed = 0;
    for (Target t : targets) {
      TableInfo table = t.ref.table();
      TableReader reader = new TableReader(table);
      for (Map.Entry<Long, Object[]> e : t.rows.entrySet()) {
        wctx.nextRow();
        Object[] old = reader.get(txn, e.getKey());
        if (old == null) {
          continue;
        }
        matched++;
        Object[] updated = old.clone();
        for (int k = 0; k < t.columns.size(); k++) {
          ColumnInfo c = t.columns.get(k);
          int source = t.sources.get(k);
          Object v = source < 0 ? constants.get(-1 - source) : e.getValue()[source];
          updated[c.offset()] = ColumnTypes.toColumn(table, c, v,
              source < 0 ? ColumnTypes.typeOf(v) : rows.types().get(source), ectx, bridge, wctx.rowNumber());
        }
        if (Values.sameRow(old, updated)) {
          continue;
        }
        writer.update(txn, table, e.getKey(), old, updated, wctx);
        changed++;
      }
    }
    List<SqlWarning> warnings = new ArrayList<>();
    rows.warnings().forEach(w -> warnings.add(CairnSession.warning(w)));
    ectx.warnings().forEach(w -> warnings.add(CairnSession.warning(w)));
    session.setWarnings(warnings);
    String info = "Rows matched: " + matched + "  Changed: " + changed + "  Warnings: " + warnings.size();
    return new StatementResult.Update(changed, 0, warnings.size(), info);
  }

  StatementResult delete(SqlMultiTableDelete delete) {
    List<Ref> refs = references(delete.from());
    List<Target> targets = new ArrayList<>();
    for (SqlNode n : delete.targets()) {
      SqlIdentifier id = (SqlIdentifier) n;
      List<Ref> named = refs.stream().filter(r -> r.named(id)).toList();
      if (named.isEmpty()) {
        throw new SqlException(1109, "42S02", "Unknown table '" + CairnSession.nameOf(id) + "' in MULTI DELETE");
      }
      Ref ref = writable(named.get(0), "DELETE");
      if (targets.stream().noneMatch(t -> t.ref == ref)) {
        targets.add(new Target(ref, targets.size()));
        AccessChecker.of(session).requireOnTable(Privilege.DELETE, ref.db(), ref.tableName());
      }
    }
    QueryResult rows = matchedRows(targets, List.of(), delete.from(), delete.condition());

    Transaction txn = session.txn().current();
    targets.forEach(t -> session.txn().wrote(t.ref.table().id()));
    TableWriter writer = session.engine().writer();
    long deleted = 0;
    for (Target t : targets) {
      TableReader reader = new TableReader(t.ref.table());
      for (Long handle : t.rows.keySet()) {
        Object[] old = reader.get(txn, handle);
        if (old == null) {
          continue;
        }
        writer.delete(txn, t.ref.table(), handle, old);
        deleted++;
      }
    }
    List<SqlWarning> warnings = new ArrayList<>();
    rows.warnings().forEach(w -> warnings.add(CairnSession.warning(w)));
    session.setWarnings(warnings);
    return new StatementResult.Update(deleted, 0, warnings.size(), "");
  }

  /**
   * Runs {@code SELECT <target handles>, <computed> FROM <from> WHERE <condition>} and files each
   * row under every target whose handle it carries, keeping the first row per handle.
   */
  private QueryResult matchedRows(List<Target> targets, List<SqlNode> computed, SqlNode from, SqlNode condition) {
    SqlNodeList select = new SqlNodeList(SqlParserPos.ZERO);
    Set<Long> tableIds = new HashSet<>();
    for (Target t : targets) {
      select.add(new SqlIdentifier(List.of(t.ref.alias(), CatalogTableSource.HANDLE), SqlParserPos.ZERO));
      tableIds.add(t.ref.table().id());
    }
    computed.forEach(select::add);
    // One SELECT node, unparsed whole: a join unparsed on its own comes out as a query of its own.
    SqlSelect query = new SqlSelect(SqlParserPos.ZERO, new SqlNodeList(SqlParserPos.ZERO), select, from, condition,
        null, null, null, null, null, null, null);
    // The parts in the order their parameters appear in the text: select list, FROM, WHERE.
    List<SqlNode> parts = new ArrayList<>(computed);
    parts.add(from);
    parts.add(condition);
    String sql = MySqlParser.unparse(query);
    QueryResult rows = new ExpressionEvaluator(session, params).query(sql, parts, tableIds);
    for (Object[] row : rows.rows()) {
      for (Target t : targets) {
        Object handle = row[t.handleColumn];
        if (handle != null) {
          t.rows.putIfAbsent((Long) handle, row);
        }
      }
    }
    return rows;
  }

  /** The table an assigned column belongs to: named by its qualifier, or the one table that has it. */
  private Ref assignedTable(List<Ref> refs, SqlIdentifier column) {
    String name = CairnSession.nameOf(column);
    if (column.names.size() > 1) {
      SqlIdentifier qualifier = column.getComponent(0, column.names.size() - 1);
      Ref ref = refs.stream().filter(r -> r.named(qualifier)).findFirst()
          .orElseThrow(() -> new SqlException(1054, "42S22",
              "Unknown column '" + String.join(".", column.names) + "' in 'field list'"));
      return writable(ref, "UPDATE");
    }
    List<Ref> having = refs.stream()
        .filter(r -> r.table() != null && r.table().column(name).filter(c -> c.state() == SchemaState.PUBLIC).isPresent())
        .toList();
    if (having.size() > 1) {
      throw new SqlException(1052, "23000", "Column '" + name + "' in field list is ambiguous");
    }
    if (having.isEmpty()) {
      throw new SqlException(1054, "42S22", "Unknown column '" + name + "' in 'field list'");
    }
    return writable(having.get(0), "UPDATE");
  }

  private static Ref writable(Ref ref, String verb) {
    if (ref.table() == null || ref.table().isView()) {
      throw new SqlException(1288, "HY000", "The target table " + ref.alias() + " of the " + verb + " is not updatable");
    }
    return ref;
  }

  /** The tables of a FROM clause, left to right; derived tables have no metadata. */
  private List<Ref> references(SqlNode from) {
    List<Ref> out = new ArrayList<>();
    collect(from, out);
    return out;
  }

  private void collect(SqlNode node, List<Ref> out) {
    if (node instanceof SqlJoin join) {
      collect(join.getLeft(), out);
      collect(join.getRight(), out);
    } else if (node instanceof SqlBasicCall as && as.getKind() == SqlKind.AS) {
      String alias = ((SqlIdentifier) as.operand(1)).getSimple();
      if (as.operand(0) instanceof SqlIdentifier id) {
        out.add(stored(id, alias));
      } else {
        out.add(new Ref(alias, null, null, null));
      }
    } else if (node instanceof SqlIdentifier id) {
      out.add(stored(id, CairnSession.nameOf(id)));
    } else {
      throw Errors.notSupported("table reference " + MySqlParser.unparse(node).toLowerCase(Locale.ROOT)
          + " in a multi-table UPDATE or DELETE");
    }
  }

  private Ref stored(SqlIdentifier id, String alias) {
    String db = session.databaseOf(id);
    String name = CairnSession.nameOf(id);
    if (db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      return new Ref(alias, db, name, null);
    }
    TableInfo table = session.txn().schema().requireTable(db, name);
    return new Ref(alias, db, name, table);
  }

}
