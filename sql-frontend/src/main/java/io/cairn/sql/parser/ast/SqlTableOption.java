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

/** A table option of CREATE TABLE: {@code ENGINE=}, {@code CHARSET=}, {@code COLLATE=}, {@code COMMENT=}, {@code AUTO_INCREMENT=}. */
public final class SqlTableOption extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("TABLE OPTION", SqlKind.OTHER);

  /** The option. */
  public enum Option {
    ENGINE("ENGINE"),
    CHARSET("DEFAULT CHARSET"),
    COLLATE("COLLATE"),
    COMMENT("COMMENT"),
    AUTO_INCREMENT("AUTO_INCREMENT");

    private final String sql;

    Option(String sql) {
      this.sql = sql;
    }
  }

  private final Option option;
  private final SqlNode value;

  /**
   * @param value an identifier for ENGINE / CHARSET / COLLATE, a string literal for COMMENT,
   *     an exact numeric literal for AUTO_INCREMENT
   */
  public SqlTableOption(SqlParserPos pos, Option option, SqlNode value) {
    super(pos, OPERATOR);
    this.option = option;
    this.value = value;
  }

  public Option option() {
    return option;
  }

  public SqlNode value() {
    return value;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(option), value);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(option.sql);
    writer.keyword("=");
    value.unparse(writer, 0, 0);
  }
}
