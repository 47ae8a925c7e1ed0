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
 * {@code BEGIN [WORK]} or {@code START TRANSACTION [READ ONLY [AS OF TIMESTAMP expr] | READ
 * WRITE] [, WITH CONSISTENT SNAPSHOT]}. {@code accessMode} is null when not written; {@code
 * asOf} is the timestamp expression of a stale read-only transaction (TiDB), or null.
 */
public final class SqlStartTransaction extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("START TRANSACTION", SqlKind.OTHER);
  private final AccessMode accessMode;
  private final boolean consistentSnapshot;
  private final SqlNode asOf;

  public SqlStartTransaction(SqlParserPos pos, AccessMode accessMode, boolean consistentSnapshot) {
    this(pos, accessMode, consistentSnapshot, null);
  }

  public SqlStartTransaction(SqlParserPos pos, AccessMode accessMode, boolean consistentSnapshot, SqlNode asOf) {
    super(pos, OPERATOR);
    this.accessMode = accessMode;
    this.consistentSnapshot = consistentSnapshot;
    this.asOf = asOf;
  }

  public AccessMode accessMode() {
    return accessMode;
  }

  public boolean consistentSnapshot() {
    return consistentSnapshot;
  }

  /** The timestamp expression of {@code READ ONLY AS OF TIMESTAMP}, or null. */
  public SqlNode asOf() {
    return asOf;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(accessMode), flag(consistentSnapshot), asOf);
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
      if (asOf != null) {
        writer.keyword("AS OF TIMESTAMP");
        asOf.unparse(writer, 0, 0);
      }
    }
    writer.endList(frame);
  }
}
