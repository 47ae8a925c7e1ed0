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

/** {@code USE db}. */
public final class SqlUseDatabase extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("USE", SqlKind.OTHER);
  private final SqlIdentifier database;

  public SqlUseDatabase(SqlParserPos pos, SqlIdentifier database) {
    super(pos, OPERATOR);
    this.database = database;
  }

  public SqlIdentifier database() {
    return database;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(database);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("USE");
    database.unparse(writer, 0, 0);
  }
}
