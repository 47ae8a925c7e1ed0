package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table over an immutable list of rows held in memory, checked against the column count. Used
 * for tests and for small generated results (information_schema, SHOW). Thread-safe.
 */
public final class InMemoryTableSource implements TableSource {
  private final String schema;
  private final String name;
  private final List<TableColumn> columns;
  private final List<Object[]> rows;

  public InMemoryTableSource(String schema, String name, List<TableColumn> columns, List<Object[]> rows) {
    this.schema = schema;
    this.name = name;
    this.columns = List.copyOf(columns);
    List<Object[]> copy = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      if (r.length != columns.size()) {
        throw new IllegalArgumentException("row has " + r.length + " values, table " + name + " has "
            + columns.size() + " columns");
      }
      copy.add(Arrays.copyOf(r, r.length, Object[].class));
    }
    this.rows = List.copyOf(copy);
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
    return new ListExecutor(rows);
  }
}
