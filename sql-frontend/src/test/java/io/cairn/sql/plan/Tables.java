package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.sql.exec.InMemoryTableSource;
import io.cairn.sql.exec.TableColumn;
import io.cairn.sql.exec.TableSource;
import java.util.List;
import java.util.Map;

/** In-memory tables shaped like the sqllogictest corpus's tab0/tab1/tab2 (three INTEGER columns). */
final class Tables {
  private Tables() {}

  static final FieldType INT = new FieldType(MysqlType.LONG, 0, 11, 0, null, null);

  static TableSource intTable(String name, Long[][] rows) {
    List<TableColumn> cols = List.of(new TableColumn("col0", INT), new TableColumn("col1", INT),
        new TableColumn("col2", INT));
    return new InMemoryTableSource("test", name, cols, List.of((Object[][]) rows));
  }

  static Map<String, TableSource> corpus() {
    return Map.of(
        "tab0", intTable("tab0", new Long[][] {{97L, 1L, 99L}, {15L, 81L, 47L}, {87L, 21L, 10L}}),
        "tab1", intTable("tab1", new Long[][] {{51L, 14L, 96L}, {85L, 5L, 59L}, {91L, 47L, 68L}, {null, null, null}}),
        "tab2", intTable("tab2", new Long[][] {{64L, 77L, 40L}, {75L, 67L, 58L}, {46L, 51L, 23L}}),
        "names", new InMemoryTableSource("test", "names",
            List.of(new TableColumn("id", INT), new TableColumn("name", FieldType.varchar())),
            List.of(new Object[] {1L, "Ann"}, new Object[] {2L, "bob"}, new Object[] {3L, "ann "},
                new Object[] {4L, null})));
  }
}
