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
 * A MySQL column type: name, optional length / precision and scale, enumeration values,
 * UNSIGNED / ZEROFILL and character set (a column's COLLATE is on {@link SqlColumnDef}). {@code length} and {@code scale} are null
 * when not written (an integer's length is its display width); {@code values} is empty unless
 * the type is ENUM or SET. The grammar only builds combinations {@link MySqlTypeName} allows.
 */
public final class SqlColumnType extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("COLUMN TYPE", SqlKind.OTHER);
  private final MySqlTypeName typeName;
  private final Integer length;
  private final Integer scale;
  private final List<String> values;
  private final boolean unsigned;
  private final boolean zerofill;
  private final String charset;

  public SqlColumnType(SqlParserPos pos, MySqlTypeName typeName, Integer length, Integer scale,
      List<String> values, boolean unsigned, boolean zerofill, String charset) {
    super(pos, OPERATOR);
    this.typeName = typeName;
    this.length = length;
    this.scale = scale;
    this.values = List.copyOf(values);
    this.unsigned = unsigned;
    this.zerofill = zerofill;
    this.charset = charset;
  }

  public MySqlTypeName typeName() {
    return typeName;
  }

  public Integer length() {
    return length;
  }

  public Integer scale() {
    return scale;
  }

  public List<String> values() {
    return values;
  }

  /** True when UNSIGNED was written, or implied by ZEROFILL as in MySQL. */
  public boolean unsigned() {
    return unsigned || zerofill;
  }

  public boolean zerofill() {
    return zerofill;
  }

  public String charset() {
    return charset;
  }

  @Override
  public List<SqlNode> getOperandList() {
    SqlNodeList valueList = new SqlNodeList(SqlParserPos.ZERO);
    for (String v : values) {
      valueList.add(SqlLiteral.createCharString(v, SqlParserPos.ZERO));
    }
    return ImmutableNullableList.of(symbol(typeName), number(length), number(scale), valueList,
        flag(unsigned), flag(zerofill), string(charset));
  }

  private static SqlNode number(Integer n) {
    return n == null ? null : SqlLiteral.createExactNumeric(n.toString(), SqlParserPos.ZERO);
  }

  private static SqlNode string(String s) {
    return s == null ? null : SqlLiteral.createCharString(s, SqlParserPos.ZERO);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(typeName.name());
    if (!values.isEmpty()) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (String v : values) {
        writer.sep(",");
        SqlLiteral.createCharString(v, SqlParserPos.ZERO).unparse(writer, 0, 0);
      }
      writer.endList(frame);
    } else if (length != null) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      writer.sep(",");
      writer.print(length.toString());
      if (scale != null) {
        writer.sep(",");
        writer.print(scale.toString());
      }
      writer.endList(frame);
    }
    if (unsigned) {
      writer.keyword("UNSIGNED");
    }
    if (zerofill) {
      writer.keyword("ZEROFILL");
    }
    if (charset != null) {
      writer.keyword("CHARACTER SET");
      writer.identifier(charset, true);
    }
  }
}
