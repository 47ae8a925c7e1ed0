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

/** {@code ADMIN CHECK TABLE t [, t2 ...]}: verify that every index matches the rows. */
public final class SqlAdminCheckTable extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("ADMIN CHECK TABLE", SqlKind.OTHER);
  private final SqlNodeList tables;

  public SqlAdminCheckTable(SqlParserPos pos, SqlNodeList tables) {
    super(pos, OPERATOR);
    this.tables = tables;
  }

  public SqlNodeList tables() {
    return tables;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(tables);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ADMIN CHECK TABLE");
    commaList(writer, tables);
  }
}
