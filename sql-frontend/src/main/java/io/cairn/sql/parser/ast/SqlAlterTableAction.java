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

/**
 * One action of ALTER TABLE. The subject is a {@link SqlColumnDef} for ADD_COLUMN, a
 * {@link SqlIndexDef} for ADD_INDEX, an identifier for DROP_COLUMN / DROP_INDEX / RENAME, and
 * null for DROP_PRIMARY_KEY. {@code after} and {@code first} place an added column.
 */
public final class SqlAlterTableAction extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("ALTER TABLE ACTION", SqlKind.OTHER);

  /** The action. */
  public enum Action { ADD_COLUMN, DROP_COLUMN, ADD_INDEX, DROP_INDEX, DROP_PRIMARY_KEY, RENAME }

  private final Action action;
  private final SqlNode subject;
  private final boolean first;
  private final SqlIdentifier after;

  public SqlAlterTableAction(SqlParserPos pos, Action action, SqlNode subject, boolean first,
      SqlIdentifier after) {
    super(pos, OPERATOR);
    this.action = action;
    this.subject = subject;
    this.first = first;
    this.after = after;
  }

  public Action action() {
    return action;
  }

  public SqlNode subject() {
    return subject;
  }

  public boolean first() {
    return first;
  }

  public SqlIdentifier after() {
    return after;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(action), subject, flag(first), after);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    switch (action) {
      case ADD_COLUMN:
        writer.keyword("ADD COLUMN");
        break;
      case DROP_COLUMN:
        writer.keyword("DROP COLUMN");
        break;
      case ADD_INDEX:
        writer.keyword("ADD");
        break;
      case DROP_INDEX:
        writer.keyword("DROP INDEX");
        break;
      case DROP_PRIMARY_KEY:
        writer.keyword("DROP PRIMARY KEY");
        break;
      case RENAME:
        writer.keyword("RENAME TO");
        break;
      default:
        throw new AssertionError(action);
    }
    if (subject != null) {
      subject.unparse(writer, 0, 0);
    }
    if (first) {
      writer.keyword("FIRST");
    }
    if (after != null) {
      writer.keyword("AFTER");
      after.unparse(writer, 0, 0);
    }
  }
}
