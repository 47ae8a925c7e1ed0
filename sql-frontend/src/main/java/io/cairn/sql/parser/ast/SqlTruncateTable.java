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

/** {@code TRUNCATE [TABLE] t}. */
public final class SqlTruncateTable extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("TRUNCATE TABLE", SqlKind.TRUNCATE_TABLE);
  private final SqlIdentifier name;

  public SqlTruncateTable(SqlParserPos pos, SqlIdentifier name) {
    super(pos, OPERATOR);
    this.name = name;
  }

  public SqlIdentifier name() {
    return name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("TRUNCATE TABLE");
    name.unparse(writer, 0, 0);
  }
}
