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
 * A column definition: {@code name type [NOT NULL | NULL] [DEFAULT expr] [ON UPDATE expr]
 * [AUTO_INCREMENT] [PRIMARY KEY | UNIQUE [KEY]] [COMMENT 'text'] [COLLATE c]}. Each optional part
 * is null (or false) when not written; {@code nullable} is null when neither NULL nor NOT NULL was
 * written.
 */
public final class SqlColumnDef extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("COLUMN", SqlKind.COLUMN_DECL);

  /** The inline key a column declares. */
  public enum InlineKey { PRIMARY, UNIQUE }

  private final SqlIdentifier name;
  private final SqlColumnType type;
  private final Boolean nullable;
  private final SqlNode defaultValue;
  private final SqlNode onUpdate;
  private final boolean autoIncrement;
  private final InlineKey inlineKey;
  private final SqlNode comment;
  private final String collation;

  public SqlColumnDef(SqlParserPos pos, SqlIdentifier name, SqlColumnType type, Boolean nullable,
      SqlNode defaultValue, SqlNode onUpdate, boolean autoIncrement, InlineKey inlineKey,
      SqlNode comment, String collation) {
    super(pos, OPERATOR);
    this.name = name;
    this.type = type;
    this.nullable = nullable;
    this.defaultValue = defaultValue;
    this.onUpdate = onUpdate;
    this.autoIncrement = autoIncrement;
    this.inlineKey = inlineKey;
    this.comment = comment;
    this.collation = collation;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlColumnType type() {
    return type;
  }

  /** TRUE for NULL, FALSE for NOT NULL, null when neither was written. */
  public Boolean nullable() {
    return nullable;
  }

  public SqlNode defaultValue() {
    return defaultValue;
  }

  public SqlNode onUpdate() {
    return onUpdate;
  }

  public boolean autoIncrement() {
    return autoIncrement;
  }

  public InlineKey inlineKey() {
    return inlineKey;
  }

  /** A string literal, or null. */
  public SqlNode comment() {
    return comment;
  }

  /** A column-level COLLATE written after the type's own attributes, or null. */
  public String collation() {
    return collation;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, type, nullable == null ? null : flag(nullable), defaultValue,
        onUpdate, flag(autoIncrement), symbol(inlineKey), comment,
        collation == null ? null : SqlLiteral.createCharString(collation, SqlParserPos.ZERO));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    name.unparse(writer, 0, 0);
    type.unparse(writer, 0, 0);
    if (nullable != null) {
      writer.keyword(nullable ? "NULL" : "NOT NULL");
    }
    if (defaultValue != null) {
      writer.keyword("DEFAULT");
      unparseParenthesized(writer, defaultValue);
    }
    if (onUpdate != null) {
      writer.keyword("ON UPDATE");
      onUpdate.unparse(writer, 0, 0);
    }
    if (autoIncrement) {
      writer.keyword("AUTO_INCREMENT");
    }
    if (inlineKey != null) {
      writer.keyword(inlineKey == InlineKey.PRIMARY ? "PRIMARY KEY" : "UNIQUE KEY");
    }
    if (comment != null) {
      writer.keyword("COMMENT");
      comment.unparse(writer, 0, 0);
    }
    if (collation != null) {
      writer.keyword("COLLATE");
      writer.identifier(collation, true);
    }
  }

  /** Literals are written as they are; any other default expression inside parentheses, as MySQL 8 requires. */
  private static void unparseParenthesized(SqlWriter writer, SqlNode value) {
    if (value instanceof SqlLiteral) {
      value.unparse(writer, 0, 0);
      return;
    }
    SqlWriter.Frame frame = writer.startList("(", ")");
    value.unparse(writer, 0, 0);
    writer.endList(frame);
  }
}
