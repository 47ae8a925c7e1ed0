package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * MySQL's multi-table {@code UPDATE table_references SET col = expr, ... [WHERE ...]}: the
 * references are a FROM clause (joins, commas, aliases); each column names its table by alias
 * or, unqualified, must belong to exactly one of them. MySQL allows neither ORDER BY nor LIMIT
 * here.
 */
public final class SqlMultiTableUpdate extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("MULTI-TABLE UPDATE", SqlKind.OTHER);
  private final SqlNode from;
  private final SqlNodeList columns;
  private final SqlNodeList values;
  private final SqlNode condition;

  public SqlMultiTableUpdate(SqlParserPos pos, SqlNode from, SqlNodeList columns, SqlNodeList values,
      SqlNode condition) {
    super(pos, OPERATOR);
    this.from = from;
    this.columns = columns;
    this.values = values;
    this.condition = condition;
  }

  /** The table references, as a SELECT's FROM clause. */
  public SqlNode from() {
    return from;
  }

  /** The assigned columns ({@code SqlIdentifier}, possibly qualified), parallel to {@link #values}. */
  public SqlNodeList columns() {
    return columns;
  }

  /** The assigned expressions; {@code DEFAULT} is a call to the DEFAULT operator. */
  public SqlNodeList values() {
    return values;
  }

  /** The WHERE condition, or null. */
  public SqlNode condition() {
    return condition;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(from, columns, values, condition);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("UPDATE");
    DmlClauses.unparseTableReferences(writer, from);
    writer.keyword("SET");
    SqlWriter.Frame frame = writer.startList("", "");
    for (int i = 0; i < columns.size(); i++) {
      writer.sep(",");
      columns.get(i).unparse(writer, 0, 0);
      writer.keyword("=");
      values.get(i).unparse(writer, 0, 0);
    }
    writer.endList(frame);
    if (condition != null) {
      writer.keyword("WHERE");
      condition.unparse(writer, 0, 0);
    }
  }
}
