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

/** {@code DROP INDEX i ON t}. */
public final class SqlDropIndex extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("DROP INDEX", SqlKind.DROP_INDEX);
  private final SqlIdentifier name;
  private final SqlIdentifier table;

  public SqlDropIndex(SqlParserPos pos, SqlIdentifier name, SqlIdentifier table) {
    super(pos, OPERATOR);
    this.name = name;
    this.table = table;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlIdentifier table() {
    return table;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, table);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP INDEX");
    name.unparse(writer, 0, 0);
    writer.keyword("ON");
    table.unparse(writer, 0, 0);
  }
}
