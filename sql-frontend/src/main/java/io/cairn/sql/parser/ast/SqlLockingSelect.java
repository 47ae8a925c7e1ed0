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

/** A query with a locking read clause: {@code FOR UPDATE [NOWAIT | SKIP LOCKED]}, {@code FOR SHARE}, {@code LOCK IN SHARE MODE}. */
public final class SqlLockingSelect extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("LOCKING SELECT", SqlKind.OTHER);

  /** The lock taken on the rows read. */
  public enum LockMode { FOR_UPDATE, FOR_SHARE }

  /** What to do when a row is already locked. */
  public enum WaitPolicy { WAIT, NOWAIT, SKIP_LOCKED }

  private final SqlNode query;
  private final LockMode lockMode;
  private final WaitPolicy waitPolicy;

  public SqlLockingSelect(SqlParserPos pos, SqlNode query, LockMode lockMode, WaitPolicy waitPolicy) {
    super(pos, OPERATOR);
    this.query = query;
    this.lockMode = lockMode;
    this.waitPolicy = waitPolicy;
  }

  public SqlNode query() {
    return query;
  }

  public LockMode lockMode() {
    return lockMode;
  }

  public WaitPolicy waitPolicy() {
    return waitPolicy;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(query, symbol(lockMode), symbol(waitPolicy));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    query.unparse(writer, 0, 0);
    writer.keyword(lockMode == LockMode.FOR_UPDATE ? "FOR UPDATE" : "FOR SHARE");
    if (waitPolicy == WaitPolicy.NOWAIT) {
      writer.keyword("NOWAIT");
    } else if (waitPolicy == WaitPolicy.SKIP_LOCKED) {
      writer.keyword("SKIP LOCKED");
    }
  }
}
