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

/** {@code CREATE [UNIQUE] INDEX i ON t (parts)}. */
public final class SqlCreateIndex extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("CREATE INDEX", SqlKind.CREATE_INDEX);
  private final boolean unique;
  private final SqlIdentifier name;
  private final SqlIdentifier table;
  private final SqlNodeList keyParts;

  public SqlCreateIndex(SqlParserPos pos, boolean unique, SqlIdentifier name, SqlIdentifier table,
      SqlNodeList keyParts) {
    super(pos, OPERATOR);
    this.unique = unique;
    this.name = name;
    this.table = table;
    this.keyParts = keyParts;
  }

  public boolean unique() {
    return unique;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlIdentifier table() {
    return table;
  }

  /** The {@link SqlKeyPart}s. */
  public SqlNodeList keyParts() {
    return keyParts;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(unique), name, table, keyParts);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
    name.unparse(writer, 0, 0);
    writer.keyword("ON");
    table.unparse(writer, 0, 0);
    parenthesizedList(writer, keyParts);
  }
}
