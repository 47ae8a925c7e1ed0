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

/** {@code CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [[DEFAULT] CHARACTER SET x] [[DEFAULT] COLLATE y]}. */
public final class SqlCreateDatabase extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("CREATE DATABASE", SqlKind.CREATE_SCHEMA);
  private final boolean ifNotExists;
  private final SqlIdentifier name;
  private final String charset;
  private final String collation;

  public SqlCreateDatabase(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name, String charset,
      String collation) {
    super(pos, OPERATOR);
    this.ifNotExists = ifNotExists;
    this.name = name;
    this.charset = charset;
    this.collation = collation;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** Null when not given. */
  public String charset() {
    return charset;
  }

  /** Null when not given. */
  public String collation() {
    return collation;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(flag(ifNotExists), name,
        charset == null ? null : SqlLiteral.createCharString(charset, SqlParserPos.ZERO),
        collation == null ? null : SqlLiteral.createCharString(collation, SqlParserPos.ZERO));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE DATABASE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (charset != null) {
      writer.keyword("CHARACTER SET");
      writer.identifier(charset, true);
    }
    if (collation != null) {
      writer.keyword("COLLATE");
      writer.identifier(collation, true);
    }
  }
}
