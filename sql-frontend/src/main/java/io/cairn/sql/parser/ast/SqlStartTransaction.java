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
 * {@code BEGIN [WORK]} or {@code START TRANSACTION [READ ONLY | READ WRITE] [, WITH CONSISTENT
 * SNAPSHOT]}. {@code accessMode} is null when not written.
 */
public final class SqlStartTransaction extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("START TRANSACTION", SqlKind.OTHER);
  private final AccessMode accessMode;
  private final boolean consistentSnapshot;

  public SqlStartTransaction(SqlParserPos pos, AccessMode accessMode, boolean consistentSnapshot) {
    super(pos, OPERATOR);
    this.accessMode = accessMode;
    this.consistentSnapshot = consistentSnapshot;
  }

  public AccessMode accessMode() {
    return accessMode;
  }

  public boolean consistentSnapshot() {
    return consistentSnapshot;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(accessMode), flag(consistentSnapshot));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("START TRANSACTION");
    SqlWriter.Frame frame = writer.startList("", "");
    if (consistentSnapshot) {
      writer.sep(",");
      writer.keyword("WITH CONSISTENT SNAPSHOT");
    }
    if (accessMode != null) {
      writer.sep(",");
      writer.keyword(accessMode.sql());
    }
    writer.endList(frame);
  }
}
