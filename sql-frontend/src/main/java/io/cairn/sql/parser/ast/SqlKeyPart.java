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

/** One column of an index: {@code column [(prefix length)] [ASC | DESC]}. */
public final class SqlKeyPart extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("KEY PART", SqlKind.OTHER);
  private final SqlIdentifier column;
  private final Integer prefixLength;
  private final boolean descending;

  public SqlKeyPart(SqlParserPos pos, SqlIdentifier column, Integer prefixLength, boolean descending) {
    super(pos, OPERATOR);
    this.column = column;
    this.prefixLength = prefixLength;
    this.descending = descending;
  }

  public SqlIdentifier column() {
    return column;
  }

  /** The indexed prefix length in characters, or null for the whole value. */
  public Integer prefixLength() {
    return prefixLength;
  }

  public boolean descending() {
    return descending;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(column,
        prefixLength == null ? null : SqlLiteral.createExactNumeric(prefixLength.toString(), SqlParserPos.ZERO),
        flag(descending));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    column.unparse(writer, 0, 0);
    if (prefixLength != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      writer.print(prefixLength.toString());
      writer.endList(frame);
    }
    if (descending) {
      writer.keyword("DESC");
    }
  }
}
