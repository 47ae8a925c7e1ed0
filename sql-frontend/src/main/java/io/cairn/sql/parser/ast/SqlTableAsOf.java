package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * A table read at a past time (TiDB's stale read): {@code table [AS alias] AS OF TIMESTAMP
 * expr} in a FROM clause. {@code table} is the table name, or the name with its alias when the
 * alias was written first (MySQL's order); {@code timestamp} is the expression as written,
 * evaluated by the session (a datetime, {@code NOW() - INTERVAL 5 SECOND},
 * {@code TIDB_BOUNDED_STALENESS(a, b)}).
 */
public final class SqlTableAsOf extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("AS OF TIMESTAMP", SqlKind.OTHER);
  private final SqlNode table;
  private final SqlNode timestamp;

  public SqlTableAsOf(SqlParserPos pos, SqlNode table, SqlNode timestamp) {
    super(pos, OPERATOR);
    this.table = table;
    this.timestamp = timestamp;
  }

  public SqlNode table() {
    return table;
  }

  public SqlNode timestamp() {
    return timestamp;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(table, timestamp);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    table.unparse(writer, 0, 0);
    writer.keyword("AS OF TIMESTAMP");
    timestamp.unparse(writer, 0, 0);
  }
}
