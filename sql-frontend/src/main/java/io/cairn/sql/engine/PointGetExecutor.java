package io.cairn.sql.engine;

import io.cairn.coprocessor.exec.ValueBridge;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.catalog.ColumnInfo;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.StatementResult;
import io.cairn.sql.table.TableReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

/**
 * Runs the simplest key reads without the planner: {@code SELECT col, t.col, col AS x, * FROM
 * t WHERE <key> = v} (or {@code IN (...)}) where the WHERE is exactly an {@linkplain
 * AccessPath#exactFor exact} path (a point path, or equalities on leading columns of a secondary
 * index, whose entries then name exactly the matching rows), with no other clause (no DISTINCT, GROUP BY, HAVING,
 * ORDER BY, LIMIT). The rows are read by key in the statement's transaction and the named
 * columns returned as stored; anything else returns null and takes the planned path, which
 * uses the same {@link AccessPath} under Calcite's plan.
 *
 * <p>Key values must be numbers or NULL: a string compared with an integer key is left to the
 * planned path, whose filter applies MySQL's string-to-number conversion with its warnings.
 * Stateless; one call per statement, inside the statement's transaction.
 */
final class PointGetExecutor {
  private PointGetExecutor() {}

  /** The statement's result, or null when it is not a plain key read. */
  static StatementResult tryRun(CairnSession session, SqlNode node, List<Object> params) {
    if (!(node instanceof SqlSelect select) || select.isDistinct() || !select.getSelectList().stream()
        .allMatch(PointGetExecutor::plainItem) || select.getGroup() != null || select.getHaving() != null
        || (select.getOrderList() != null && !select.getOrderList().isEmpty()) || select.getFetch() != null
        || select.getOffset() != null || (select.getWindowList() != null && !select.getWindowList().isEmpty())
        || select.getQualify() != null) {
      return null;
    }
    if (select.getSelectList().stream().anyMatch(n -> n instanceof SqlIdentifier id && id.names.size() > 2)) {
      return null;
    }
    KeyConditions kc = AccessPathAnalyzer.analyze(select);
    if (kc == null || !kc.complete()) {
      return null;
    }
    String db = kc.database() != null ? kc.database() : session.database();
    if (db == null || db.equalsIgnoreCase(CatalogResolver.INFORMATION_SCHEMA)) {
      return null;
    }
    InfoSchema is = session.txn().schema();
    TableInfo table = is.table(db, kc.table()).orElse(null);
    if (table == null || table.isView()) {
      return null;
    }
    AccessPath path = AccessPath.choose(table, kc).orElse(null);
    if (path == null || !path.exact() || !numericKeys(kc, params)) {
      return null;
    }
    List<ColumnInfo> columns = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (!project(item, table, columns, labels)) {
        return null;
      }
    }
    AccessPath.Keys keys = path.resolve(params);
    if (!path.exactFor(keys)) {
      return null;
    }
    List<TableReader.Row> rows = path.read(new TableReader(table), session.retriever(), keys);
    ValueBridge bridge = session.bridge();
    List<FieldType> types = new ArrayList<>();
    List<ColumnMetadata> metadata = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      FieldType ft = ColumnTypes.fieldType(table, columns.get(i));
      types.add(ft);
      metadata.add(QueryResult.metadata(labels.get(i), ft));
    }
    List<Object[]> out = new ArrayList<>(rows.size());
    for (TableReader.Row r : rows) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = bridge.toEval(r.values()[columns.get(i).offset()], types.get(i));
      }
      out.add(values);
    }
    return session.rows(new QueryResult(metadata, types, out, List.of()));
  }

  private static boolean plainItem(SqlNode item) {
    if (item instanceof SqlBasicCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2) {
      return as.operand(0) instanceof SqlIdentifier id && !id.isStar();
    }
    return item instanceof SqlIdentifier;
  }

  static boolean numericKeys(KeyConditions kc, List<Object> params) {
    for (List<KeyConditions.Condition> conds : kc.byColumn().values()) {
      for (KeyConditions.Condition c : conds) {
        List<KeyConditions.ValueRef> refs = c instanceof KeyConditions.Eq eq ? List.of(eq.value())
            : c instanceof KeyConditions.In in ? in.values() : null;
        if (refs == null) {
          return false;
        }
        for (KeyConditions.ValueRef r : refs) {
          Object v = r.value(params);
          if (!(v == null || v instanceof Long || v instanceof BigDecimal || v instanceof Double)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Adds the columns {@code item} selects; false when it names something else. */
  private static boolean project(SqlNode item, TableInfo table, List<ColumnInfo> columns, List<String> labels) {
    String label = null;
    SqlIdentifier id;
    if (item instanceof SqlBasicCall as) {
      id = as.operand(0);
      label = ((SqlIdentifier) as.operand(1)).getSimple();
    } else {
      id = (SqlIdentifier) item;
    }
    if (id.isStar()) {
      if (id.names.size() > 1) {
        // alias.* : the analyzer already checked the FROM; the qualifier must name it, which the
        // planned path verifies with its errors.
        return false;
      }
      for (ColumnInfo c : table.publicColumns()) {
        columns.add(c);
        labels.add(c.name());
      }
      return true;
    }
    if (id.names.size() == 2) {
      return false;
    }
    String name = id.names.get(0);
    ColumnInfo c = table.publicColumns().stream().filter(x -> x.hasName(name)).findFirst().orElse(null);
    if (c == null) {
      return false;
    }
    columns.add(c);
    labels.add(label != null ? label : name);
    return true;
  }
}
