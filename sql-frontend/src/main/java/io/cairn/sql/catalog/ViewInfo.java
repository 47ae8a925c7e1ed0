package io.cairn.sql.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A view's definition: the SELECT text as written (the planner parses it on use) and its
 * column names (empty when the select list names them).
 */
public record ViewInfo(String selectSql, List<String> columnNames) {
  public ViewInfo {
    Objects.requireNonNull(selectSql, "selectSql");
    columnNames = List.copyOf(columnNames);
  }
}
