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
 * {@code SET NAMES charset [COLLATE collation]} or {@code SET NAMES DEFAULT} (charset null); also
 * an item of a {@link SqlSetVariables} list.
 */
public final class SqlSetNames extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SET NAMES", SqlKind.OTHER);
  private final String charset;
  private final String collation;

  public SqlSetNames(SqlParserPos pos, String charset, String collation) {
    super(pos, OPERATOR);
    this.charset = charset;
    this.collation = collation;
  }

  /** The character set name, or null for DEFAULT. */
  public String charset() {
    return charset;
  }

  /** The collation name, or null when not given. */
  public String collation() {
    return collation;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(
        charset == null ? null : SqlLiteral.createCharString(charset, SqlParserPos.ZERO),
        collation == null ? null : SqlLiteral.createCharString(collation, SqlParserPos.ZERO));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET");
    unparseItem(writer);
  }

  /** Writes this as an item of a SET list, without the SET keyword. */
  void unparseItem(SqlWriter writer) {
    writer.keyword("NAMES");
    if (charset == null) {
      writer.keyword("DEFAULT");
    } else {
      writer.identifier(charset, true);
    }
    if (collation != null) {
      writer.keyword("COLLATE");
      writer.identifier(collation, true);
    }
  }
}
