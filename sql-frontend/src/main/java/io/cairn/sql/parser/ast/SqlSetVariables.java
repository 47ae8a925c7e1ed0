package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code SET [GLOBAL|SESSION] var = expr, @@global.var = expr, @uservar = expr, NAMES cs, ...}. The values
 * {@code ON} and bare words such as {@code OFF} arrive as the string literal 'ON' and an
 * identifier respectively; the session layer maps them onto the variable's type.
 */
public final class SqlSetVariables extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SET", SqlKind.OTHER);
  private final SqlNodeList assignments;

  public SqlSetVariables(SqlParserPos pos, SqlNodeList assignments) {
    super(pos, OPERATOR);
    this.assignments = assignments;
  }

  /** The {@link SqlVariableAssignment}s and {@link SqlSetNames} items, in the order written. */
  public SqlNodeList assignments() {
    return assignments;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(assignments);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET");
    SqlWriter.Frame frame = writer.startList("", "");
    for (SqlNode node : assignments) {
      writer.sep(",");
      if (node instanceof SqlSetNames names) {
        names.unparseItem(writer);
      } else {
        node.unparse(writer, 0, 0);
      }
    }
    writer.endList(frame);
  }
}
