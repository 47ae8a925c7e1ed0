package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.apache.calcite.util.NlsString;

/** {@code SET PASSWORD [FOR user] = 'pw'}. */
public final class SqlSetPassword extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SET PASSWORD", SqlKind.OTHER);
  private final SqlUserSpec user;
  private final SqlLiteral password;

  /** @param user the account, or null for the session's own */
  public SqlSetPassword(SqlParserPos pos, SqlUserSpec user, String password) {
    super(pos, OPERATOR);
    this.user = user;
    this.password = SqlLiteral.createCharString(password, pos);
  }

  /** The account, or null for the session's own. */
  public SqlUserSpec user() {
    return user;
  }

  public String password() {
    return password.getValueAs(NlsString.class).getValue();
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(user, password);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET PASSWORD");
    if (user != null) {
      writer.keyword("FOR");
      user.unparse(writer, 0, 0);
    }
    writer.keyword("=");
    password.unparse(writer, 0, 0);
  }
}
