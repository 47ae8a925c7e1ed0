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

/** One {@code target = value} of a {@code SET} statement. {@code value} may be a DEFAULT call. */
public final class SqlVariableAssignment extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SET_VARIABLE", SqlKind.OTHER);
  private final SqlVariableRef target;
  private final SqlNode value;

  public SqlVariableAssignment(SqlParserPos pos, SqlVariableRef target, SqlNode value) {
    super(pos, OPERATOR);
    this.target = target;
    this.value = value;
  }

  public SqlVariableRef target() {
    return target;
  }

  public SqlNode value() {
    return value;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(target, value);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    target.unparse(writer, 0, 0);
    writer.keyword("=");
    value.unparse(writer, 0, 0);
  }
}
