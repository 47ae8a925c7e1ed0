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
 * MySQL {@code CREATE TABLE [IF NOT EXISTS] t (columns and indexes) [table options]}. Columns and
 * indexes keep their written order within each list; inline column keys stay on the columns.
 */
public final class SqlCreateTable extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("CREATE TABLE", SqlKind.CREATE_TABLE);
  private final boolean ifNotExists;
  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final SqlNodeList indexes;
  private final SqlNodeList options;

  public SqlCreateTable(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name, SqlNodeList columns,
      SqlNodeList indexes, SqlNodeList options) {
    super(pos, OPERATOR);
    this.ifNotExists = ifNotExists;
    this.name = name;
    this.columns = columns;
    this.indexes = indexes;
    this.options = options;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The {@link SqlColumnDef}s. */
  public SqlNodeList columns() {
    return columns;
  }

  /** The {@link SqlIndexDef}s. */
  public SqlNodeList indexes() {
    return indexes;
  }

  /** The {@link SqlTableOption}s. */
  public SqlNodeList options() {
    return options;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(ifNotExists), name, columns, indexes, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode c : columns) {
      writer.sep(",");
      c.unparse(writer, 0, 0);
    }
    for (SqlNode i : indexes) {
      writer.sep(",");
      i.unparse(writer, 0, 0);
    }
    writer.endList(frame);
    for (SqlNode o : options) {
      o.unparse(writer, 0, 0);
    }
  }
}
