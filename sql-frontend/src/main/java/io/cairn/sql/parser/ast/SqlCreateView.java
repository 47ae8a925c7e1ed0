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

/** {@code CREATE [OR REPLACE] VIEW v [(columns)] AS query}; {@code columns} is null when not written. */
public final class SqlCreateView extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("CREATE VIEW", SqlKind.CREATE_VIEW);
  private final boolean orReplace;
  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final SqlNode query;

  public SqlCreateView(SqlParserPos pos, boolean orReplace, SqlIdentifier name, SqlNodeList columns,
      SqlNode query) {
    super(pos, OPERATOR);
    this.orReplace = orReplace;
    this.name = name;
    this.columns = columns;
    this.query = query;
  }

  public boolean orReplace() {
    return orReplace;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlNodeList columns() {
    return columns;
  }

  public SqlNode query() {
    return query;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(orReplace), name, columns, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(orReplace ? "CREATE OR REPLACE VIEW" : "CREATE VIEW");
    name.unparse(writer, 0, 0);
    if (columns != null) {
      parenthesizedList(writer, columns);
    }
    writer.keyword("AS");
    query.unparse(writer, 0, 0);
  }
}
