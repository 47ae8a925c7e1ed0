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
 * {@code DROP DATABASE|SCHEMA [IF EXISTS] db}, {@code DROP TABLE [IF EXISTS] t [, t2 ...]} and
 * {@code DROP VIEW [IF EXISTS] v [, v2 ...]}. A database drop has exactly one name.
 */
public final class SqlDropObjects extends CairnSqlCall {
  /** What is dropped. */
  public enum ObjectKind {
    DATABASE(operator("DROP DATABASE", SqlKind.DROP_SCHEMA)),
    TABLE(operator("DROP TABLE", SqlKind.DROP_TABLE)),
    VIEW(operator("DROP VIEW", SqlKind.DROP_VIEW));

    private final SqlSpecialOperator operator;

    ObjectKind(SqlSpecialOperator operator) {
      this.operator = operator;
    }
  }

  private final ObjectKind objectKind;
  private final boolean ifExists;
  private final SqlNodeList names;

  public SqlDropObjects(SqlParserPos pos, ObjectKind objectKind, boolean ifExists, SqlNodeList names) {
    super(pos, objectKind.operator);
    this.objectKind = objectKind;
    this.ifExists = ifExists;
    this.names = names;
  }

  public ObjectKind objectKind() {
    return objectKind;
  }

  public boolean ifExists() {
    return ifExists;
  }

  /** The {@link SqlIdentifier}s dropped, in order. */
  public SqlNodeList names() {
    return names;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(objectKind), flag(ifExists), names);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP");
    writer.keyword(objectKind.name());
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    commaList(writer, names);
  }
}
