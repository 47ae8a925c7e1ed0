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

/** {@code RENAME TABLE a TO b [, c TO d ...]}; {@code from} and {@code to} have equal sizes. */
public final class SqlRenameTable extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("RENAME TABLE", SqlKind.OTHER_DDL);
  private final SqlNodeList from;
  private final SqlNodeList to;

  public SqlRenameTable(SqlParserPos pos, SqlNodeList from, SqlNodeList to) {
    super(pos, OPERATOR);
    if (from.size() != to.size()) {
      throw new IllegalArgumentException("RENAME TABLE needs as many targets as sources");
    }
    this.from = from;
    this.to = to;
  }

  public SqlNodeList from() {
    return from;
  }

  public SqlNodeList to() {
    return to;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(from, to);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("RENAME TABLE");
    SqlWriter.Frame frame = writer.startList("", "");
    for (int i = 0; i < from.size(); i++) {
      writer.sep(",");
      from.get(i).unparse(writer, 0, 0);
      writer.keyword("TO");
      to.get(i).unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
