package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.ColumnMetadata;
import io.cairn.sql.session.MysqlType;
import io.cairn.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Result sets the session builds itself (SHOW, EXPLAIN): rows of strings and integers, typed
 * as VARCHAR and BIGINT columns; filtered through the query engine when the statement has a
 * LIKE or WHERE clause. Stateless.
 */
final class ResultSets {
  private ResultSets() {}

  /** A result of VARCHAR columns; values are Strings or null. */
  static StatementResult strings(List<String> names, List<Object[]> rows) {
    List<FieldType> types = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      types.add(FieldType.varchar());
    }
    return of(names, types, rows);
  }

  static StatementResult of(List<String> names, List<FieldType> types, List<Object[]> rows) {
    List<ColumnMetadata> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      columns.add(metadata(names.get(i), types.get(i)));
    }
    return new QueryRows(new QueryResult(columns, types, rows, List.of()), 0);
  }

  static StatementResult of(List<TableColumn> columns, List<Object[]> rows) {
    return of(columns.stream().map(TableColumn::name).toList(),
        columns.stream().map(TableColumn::type).toList(), rows);
  }

  private static ColumnMetadata metadata(String name, FieldType t) {
    boolean numeric = t.evalType().isNumeric();
    return new ColumnMetadata("", "", "", name, "",
        numeric ? ColumnMetadata.COLLATION_BINARY : ColumnMetadata.COLLATION_UTF8MB4_GENERAL_CI,
        numeric ? 21 : 256, numeric ? MysqlType.LONGLONG : MysqlType.VAR_STRING,
        numeric ? ColumnMetadata.NUM_FLAG | ColumnMetadata.BINARY_FLAG : 0, 0);
  }

  /** Column name lists, typed VARCHAR. */
  static List<TableColumn> varchars(String... names) {
    List<TableColumn> out = new ArrayList<>();
    for (String n : names) {
      out.add(new TableColumn(n, FieldType.varchar()));
    }
    return out;
  }

  /** Keeps the map's order. */
  static List<Object[]> pairs(Map<String, String> m) {
    List<Object[]> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new Object[] {k, v}));
    return out;
  }
}
