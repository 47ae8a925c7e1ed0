package io.cairn.sql.parser.ast;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE USER [IF NOT EXISTS] spec [, spec]}, {@code ALTER USER [IF EXISTS] spec [,
 * spec]}, {@code DROP USER [IF EXISTS] user [, user]} and {@code RENAME USER a TO b [, c TO d]}.
 * For RENAME, {@link #users()} holds the pairs in order (old, new, old, new, ...).
 */
public final class SqlUserStatement extends CairnSqlCall {
  /** The statement. */
  public enum Action {
    CREATE("CREATE USER"),
    ALTER("ALTER USER"),
    DROP("DROP USER"),
    RENAME("RENAME USER");

    private final String sql;
    private final SqlSpecialOperator operator;

    Action(String sql) {
      this.sql = sql;
      this.operator = operator(sql, SqlKind.OTHER_DDL);
    }

    /** The statement's words, as MySQL names the operation in error 1396. */
    public String sql() {
      return sql;
    }
  }

  private final Action action;
  private final boolean ifClause;
  private final SqlNodeList users;

  /**
   * @param ifClause IF NOT EXISTS for CREATE, IF EXISTS for ALTER and DROP, false for RENAME
   * @param users the {@link SqlUserSpec}s
   */
  public SqlUserStatement(SqlParserPos pos, Action action, boolean ifClause, SqlNodeList users) {
    super(pos, action.operator);
    this.action = action;
    this.ifClause = ifClause;
    this.users = users;
  }

  public Action action() {
    return action;
  }

  /** IF NOT EXISTS (CREATE) or IF EXISTS (ALTER, DROP). */
  public boolean ifClause() {
    return ifClause;
  }

  /** The {@link SqlUserSpec}s, in order. */
  public List<SqlUserSpec> users() {
    return users.getList().stream().map(SqlUserSpec.class::cast).toList();
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(action), flag(ifClause), users);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(action.sql);
    if (ifClause) {
      writer.keyword(action == Action.CREATE ? "IF NOT EXISTS" : "IF EXISTS");
    }
    if (action == Action.RENAME) {
      List<SqlNode> list = users.getList();
      SqlWriter.Frame frame = writer.startList("", "");
      for (int i = 0; i < list.size(); i += 2) {
        writer.sep(",");
        list.get(i).unparse(writer, 0, 0);
        writer.keyword("TO");
        list.get(i + 1).unparse(writer, 0, 0);
      }
      writer.endList(frame);
      return;
    }
    commaList(writer, users.getList());
  }
}
