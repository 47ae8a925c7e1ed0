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

/** {@code EXPLAIN [ANALYZE] [FORMAT = name] statement} (also spelled DESCRIBE / DESC). */
public final class SqlExplainStatement extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("EXPLAIN", SqlKind.EXPLAIN);
  private final boolean analyze;
  private final String format;
  private final SqlNode statement;

  public SqlExplainStatement(SqlParserPos pos, boolean analyze, String format, SqlNode statement) {
    super(pos, OPERATOR);
    this.analyze = analyze;
    this.format = format;
    this.statement = statement;
  }

  /** True when the statement is to be run and its runtime statistics shown. */
  public boolean analyze() {
    return analyze;
  }

  /** The FORMAT name as written (e.g. {@code json}), or null. */
  public String format() {
    return format;
  }

  public SqlNode statement() {
    return statement;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(analyze),
        format == null ? null : SqlLiteral.createCharString(format, SqlParserPos.ZERO), statement);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN");
    if (analyze) {
      writer.keyword("ANALYZE");
    }
    if (format != null) {
      writer.keyword("FORMAT");
      writer.keyword("=");
      SqlLiteral.createCharString(format, SqlParserPos.ZERO).unparse(writer, 0, 0);
    }
    statement.unparse(writer, 0, 0);
  }
}
