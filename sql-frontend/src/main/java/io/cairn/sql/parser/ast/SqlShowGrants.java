package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** {@code SHOW GRANTS [FOR user | FOR CURRENT_USER[()]]}. */
public final class SqlShowGrants extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SHOW GRANTS", SqlKind.OTHER);
  private final SqlUserSpec user;

  /** @param user the account, or null for the session's own */
  public SqlShowGrants(SqlParserPos pos, SqlUserSpec user) {
    super(pos, OPERATOR);
    this.user = user;
  }

  /** The account, or null for the session's own (no FOR, or FOR CURRENT_USER). */
  public SqlUserSpec user() {
    return user;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(user);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW GRANTS");
    if (user != null) {
      writer.keyword("FOR");
      user.unparse(writer, 0, 0);
    }
  }
}
