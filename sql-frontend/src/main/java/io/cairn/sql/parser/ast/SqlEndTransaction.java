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

/** {@code COMMIT [WORK]} or {@code ROLLBACK [WORK]}. */
public final class SqlEndTransaction extends CairnSqlCall {
  public static final SqlSpecialOperator COMMIT = operator("COMMIT", SqlKind.COMMIT);
  public static final SqlSpecialOperator ROLLBACK = operator("ROLLBACK", SqlKind.ROLLBACK);
  private final boolean commit;

  public SqlEndTransaction(SqlParserPos pos, boolean commit) {
    super(pos, commit ? COMMIT : ROLLBACK);
    this.commit = commit;
  }

  /** True for COMMIT, false for ROLLBACK. */
  public boolean commit() {
    return commit;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(commit));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(commit ? "COMMIT" : "ROLLBACK");
  }
}
