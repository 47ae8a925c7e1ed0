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

/** {@code ALTER TABLE t action [, action ...]}. */
public final class SqlAlterTable extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("ALTER TABLE", SqlKind.ALTER_TABLE);
  private final SqlIdentifier name;
  private final SqlNodeList actions;

  public SqlAlterTable(SqlParserPos pos, SqlIdentifier name, SqlNodeList actions) {
    super(pos, OPERATOR);
    this.name = name;
    this.actions = actions;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The {@link SqlAlterTableAction}s, in order. */
  public SqlNodeList actions() {
    return actions;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, actions);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER TABLE");
    name.unparse(writer, 0, 0);
    commaList(writer, actions);
  }
}
