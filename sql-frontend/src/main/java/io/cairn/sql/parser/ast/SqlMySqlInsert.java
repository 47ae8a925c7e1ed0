package io.cairn.sql.parser.ast;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * MySQL {@code INSERT [IGNORE] | REPLACE INTO t [(cols)] source [ON DUPLICATE KEY UPDATE c = e, ...]}.
 * {@code INSERT ... SET c = v} is parsed into the equivalent column list and one-row VALUES
 * source. The update lists are empty when there is no ON DUPLICATE KEY UPDATE; expressions in
 * them may use {@code VALUES(col)} ({@link SqlValuesColumnFunction}).
 */
public final class SqlMySqlInsert extends SqlInsert {
  private final boolean replace;
  private final boolean ignore;
  private final SqlNodeList updateColumns;
  private final SqlNodeList updateValues;

  public SqlMySqlInsert(SqlParserPos pos, boolean replace, boolean ignore, SqlNode targetTable,
      SqlNode source, SqlNodeList columnList, SqlNodeList updateColumns, SqlNodeList updateValues) {
    super(pos, SqlNodeList.EMPTY, targetTable, source, columnList);
    if (updateColumns.size() != updateValues.size()) {
      throw new IllegalArgumentException("ON DUPLICATE KEY UPDATE needs one value per column");
    }
    this.replace = replace;
    this.ignore = ignore;
    this.updateColumns = updateColumns;
    this.updateValues = updateValues;
  }

  /** True for REPLACE: a row that conflicts on a unique key replaces the old row. */
  public boolean replace() {
    return replace;
  }

  /** True for INSERT IGNORE: rows that fail are skipped with a warning. */
  public boolean ignore() {
    return ignore;
  }

  public SqlNodeList updateColumns() {
    return updateColumns;
  }

  public SqlNodeList updateValues() {
    return updateValues;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(super.getOperandList());
    operands.add(SqlLiteral.createBoolean(replace, SqlParserPos.ZERO));
    operands.add(SqlLiteral.createBoolean(ignore, SqlParserPos.ZERO));
    operands.add(updateColumns);
    operands.add(updateValues);
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.startList(SqlWriter.FrameTypeEnum.SELECT);
    writer.sep(replace ? "REPLACE" : ignore ? "INSERT IGNORE" : "INSERT");
    writer.keyword("INTO");
    getTargetTable().unparse(writer, 0, 0);
    if (getTargetColumnList() != null) {
      CairnSqlCall.parenthesizedList(writer, getTargetColumnList());
    }
    writer.newlineAndIndent();
    getSource().unparse(writer, 0, 0);
    if (!updateColumns.isEmpty()) {
      writer.keyword("ON DUPLICATE KEY UPDATE");
      SqlWriter.Frame frame = writer.startList("", "");
      for (int i = 0; i < updateColumns.size(); i++) {
        writer.sep(",");
        updateColumns.get(i).unparse(writer, 0, 0);
        writer.keyword("=");
        updateValues.get(i).unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
  }
}
