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
 * An index or key inside CREATE TABLE / ALTER TABLE ADD: {@code PRIMARY KEY (parts)},
 * {@code UNIQUE [KEY|INDEX] [name] (parts)}, {@code KEY|INDEX [name] (parts)}. {@code name} is
 * null when not written (a {@code CONSTRAINT name} prefix counts as the name).
 */
public final class SqlIndexDef extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("INDEX", SqlKind.OTHER);

  /** The kind of index. */
  public enum IndexKind { PRIMARY, UNIQUE, INDEX }

  private final IndexKind indexKind;
  private final SqlIdentifier name;
  private final SqlNodeList keyParts;

  public SqlIndexDef(SqlParserPos pos, IndexKind indexKind, SqlIdentifier name, SqlNodeList keyParts) {
    super(pos, OPERATOR);
    this.indexKind = indexKind;
    this.name = name;
    this.keyParts = keyParts;
  }

  public IndexKind indexKind() {
    return indexKind;
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The {@link SqlKeyPart}s. */
  public SqlNodeList keyParts() {
    return keyParts;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(indexKind), name, keyParts);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    switch (indexKind) {
      case PRIMARY:
        writer.keyword("PRIMARY KEY");
        break;
      case UNIQUE:
        writer.keyword("UNIQUE KEY");
        break;
      default:
        writer.keyword("KEY");
        break;
    }
    if (name != null) {
      name.unparse(writer, 0, 0);
    }
    parenthesizedList(writer, keyParts);
  }
}
