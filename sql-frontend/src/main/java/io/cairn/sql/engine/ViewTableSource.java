package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.TableInfo;
import io.cairn.sql.exec.Executor;
import io.cairn.sql.exec.ListExecutor;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.plan.PreparedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * A view as a table: its stored query planned against the catalog of the statement using it
 * (with the view's database as the default), its rows computed when the statement scans it.
 * Column names are the view's declared names, or the query's labels.
 */
final class ViewTableSource implements TableSource {
  private final String schema;
  private final String name;
  private final PreparedQuery query;
  private final List<TableColumn> columns;

  private ViewTableSource(String schema, String name, PreparedQuery query, List<TableColumn> columns) {
    this.schema = schema;
    this.name = name;
    this.query = query;
    this.columns = columns;
  }

  static ViewTableSource plan(CairnSession session, InfoSchema is, String db, TableInfo view, int depth) {
    String sql = view.view().selectSql();
    SqlNode parsed = new MySqlParser().parse(sql);
    SqlNode query = new MySqlParser().parse(sql);
    PreparedQuery q = session.prepareQuery(sql, parsed, query, is, db, Set.of(), depth);
    List<FieldType> types = q.types();
    List<String> names = view.view().columnNames().isEmpty() ? q.columnNames() : view.view().columnNames();
    List<TableColumn> cols = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      cols.add(new TableColumn(names.get(i), types.get(i)));
    }
    return new ViewTableSource(db, view.name(), q, List.copyOf(cols));
  }

  @Override
  public String schema() {
    return schema;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TableColumn> columns() {
    return columns;
  }

  @Override
  public Executor scan(EvalContext ctx) {
    return new ListExecutor(query.execute(List.of(), ctx).rows());
  }
}
