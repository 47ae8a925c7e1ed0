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
 * The {@code SHOW} family. Which parts may be non-null depends on the {@link Kind}: {@code target}
 * is the table of COLUMNS / INDEX / CREATE TABLE or the database of CREATE DATABASE;
 * {@code database} is the {@code FROM db} of TABLES / COLUMNS / INDEX; {@code like} (a string
 * literal) and {@code where} (an expression) are mutually exclusive filters; {@code scope} is
 * GLOBAL or SESSION for VARIABLES / STATUS and null otherwise. {@code DESCRIBE t [col]} parses
 * to {@code SHOW COLUMNS FROM t [LIKE 'col']}, which MySQL defines it to be.
 */
public final class SqlShow extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("SHOW", SqlKind.OTHER);

  /** What is shown. */
  public enum Kind {
    DATABASES("DATABASES"),
    TABLES("TABLES"),
    COLUMNS("COLUMNS"),
    INDEX("INDEX"),
    CREATE_TABLE("CREATE TABLE"),
    CREATE_DATABASE("CREATE DATABASE"),
    VARIABLES("VARIABLES"),
    STATUS("STATUS"),
    WARNINGS("WARNINGS"),
    ERRORS("ERRORS"),
    PROCESSLIST("PROCESSLIST"),
    COLLATION("COLLATION"),
    CHARACTER_SET("CHARACTER SET"),
    ENGINES("ENGINES");

    private final String sql;

    Kind(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }

  private final Kind kind;
  private final boolean full;
  private final VariableScope scope;
  private final SqlIdentifier target;
  private final SqlIdentifier database;
  private final SqlNode like;
  private final SqlNode where;

  public SqlShow(SqlParserPos pos, Kind kind, boolean full, VariableScope scope, SqlIdentifier target,
      SqlIdentifier database, SqlNode like, SqlNode where) {
    super(pos, OPERATOR);
    this.kind = kind;
    this.full = full;
    this.scope = scope;
    this.target = target;
    this.database = database;
    this.like = like;
    this.where = where;
  }

  public Kind kind() {
    return kind;
  }

  public boolean full() {
    return full;
  }

  /** GLOBAL or SESSION for VARIABLES / STATUS when written, otherwise null. */
  public VariableScope scope() {
    return scope;
  }

  public SqlIdentifier target() {
    return target;
  }

  public SqlIdentifier database() {
    return database;
  }

  public SqlNode like() {
    return like;
  }

  public SqlNode where() {
    return where;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(kind), flag(full), symbol(scope), target, database, like, where);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW");
    if (full) {
      writer.keyword("FULL");
    }
    if (scope != null) {
      writer.keyword(scope.name());
    }
    writer.keyword(kind.sql());
    if (target != null) {
      if (kind == Kind.COLUMNS || kind == Kind.INDEX) {
        writer.keyword("FROM");
      }
      target.unparse(writer, 0, 0);
    }
    if (database != null) {
      writer.keyword("FROM");
      database.unparse(writer, 0, 0);
    }
    if (like != null) {
      writer.keyword("LIKE");
      like.unparse(writer, 0, 0);
    }
    if (where != null) {
      writer.keyword("WHERE");
      where.unparse(writer, 0, 0);
    }
  }
}
