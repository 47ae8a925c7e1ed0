package io.cairn.sql.parser.ast;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** MySQL single-table {@code DELETE FROM t [AS a] [WHERE ...] [ORDER BY ...] [LIMIT n]}. */
public final class SqlMySqlDelete extends SqlDelete {
  private final SqlNodeList orderBy;
  private final SqlNode limit;

  public SqlMySqlDelete(SqlParserPos pos, SqlNode targetTable, SqlNode condition, SqlIdentifier alias,
      SqlNodeList orderBy, SqlNode limit) {
    super(pos, targetTable, condition, null, alias);
    this.orderBy = orderBy;
    this.limit = limit;
  }

  /** The ORDER BY items, or null. */
  public SqlNodeList orderBy() {
    return orderBy;
  }

  /** The row count limit (numeric literal or dynamic parameter), or null. */
  public SqlNode limit() {
    return limit;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(super.getOperandList());
    operands.add(orderBy);
    operands.add(limit);
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    super.unparse(writer, leftPrec, rightPrec);
    DmlClauses.unparseOrderByLimit(writer, orderBy, limit);
  }
}
