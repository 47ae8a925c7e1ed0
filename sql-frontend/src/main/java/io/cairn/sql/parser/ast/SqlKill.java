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

/** {@code KILL [CONNECTION | QUERY] id}. */
public final class SqlKill extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("KILL", SqlKind.OTHER);
  private final boolean queryOnly;
  private final SqlNode connectionId;

  public SqlKill(SqlParserPos pos, boolean queryOnly, SqlNode connectionId) {
    super(pos, OPERATOR);
    this.queryOnly = queryOnly;
    this.connectionId = connectionId;
  }

  /** True for KILL QUERY (cancel the running statement), false to close the connection. */
  public boolean queryOnly() {
    return queryOnly;
  }

  /** A numeric literal or a dynamic parameter. */
  public SqlNode connectionId() {
    return connectionId;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(queryOnly), connectionId);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(queryOnly ? "KILL QUERY" : "KILL CONNECTION");
    connectionId.unparse(writer, 0, 0);
  }
}
