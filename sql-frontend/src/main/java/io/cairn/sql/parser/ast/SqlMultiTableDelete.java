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
 * MySQL's multi-table DELETE in either spelling, {@code DELETE t1[.*], ... FROM table_references
 * [WHERE ...]} or {@code DELETE FROM t1[.*], ... USING table_references [WHERE ...]}: the rows of
 * the named tables (aliases of the references) that the join produces are deleted. Unparsed in
 * the first spelling.
 */
public final class SqlMultiTableDelete extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("MULTI-TABLE DELETE", SqlKind.OTHER);
  private final SqlNodeList targets;
  private final SqlNode from;
  private final SqlNode condition;

  public SqlMultiTableDelete(SqlParserPos pos, SqlNodeList targets, SqlNode from, SqlNode condition) {
    super(pos, OPERATOR);
    this.targets = targets;
    this.from = from;
    this.condition = condition;
  }

  /** The tables to delete from ({@code SqlIdentifier}s; a trailing {@code .*} is dropped). */
  public SqlNodeList targets() {
    return targets;
  }

  /** The table references, as a SELECT's FROM clause. */
  public SqlNode from() {
    return from;
  }

  /** The WHERE condition, or null. */
  public SqlNode condition() {
    return condition;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(targets, from, condition);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DELETE");
    commaList(writer, targets);
    writer.keyword("FROM");
    DmlClauses.unparseTableReferences(writer, from);
    if (condition != null) {
      writer.keyword("WHERE");
      condition.unparse(writer, 0, 0);
    }
  }
}
