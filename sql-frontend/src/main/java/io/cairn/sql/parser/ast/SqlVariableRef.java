package io.cairn.sql.parser.ast;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * A system or user variable: {@code @@var}, {@code @@global.var}, {@code @@session.var} or
 * {@code @uservar}, in an expression or as the target of {@code SET}. The name keeps the case
 * it was written in; MySQL compares variable names case-insensitively.
 */
public final class SqlVariableRef extends CairnSqlCall {
  public static final SqlSpecialOperator OPERATOR = operator("VARIABLE", SqlKind.OTHER);

  private final VariableScope scope;
  private final String name;

  public SqlVariableRef(SqlParserPos pos, VariableScope scope, String name) {
    super(pos, OPERATOR);
    this.scope = scope;
    this.name = name;
  }

  /**
   * Reads a token image {@code @@name}, {@code @@global.name}, {@code @@session.name},
   * {@code @@local.name} or {@code @name} (a back-quoted user variable keeps its inner text).
   */
  public static SqlVariableRef fromToken(SqlParserPos pos, String image) {
    if (image.startsWith("@@")) {
      String body = image.substring(2);
      int dot = body.indexOf('.');
      if (dot > 0) {
        String prefix = body.substring(0, dot).toLowerCase(Locale.ROOT);
        String rest = body.substring(dot + 1);
        switch (prefix) {
          case "global":
            return new SqlVariableRef(pos, VariableScope.GLOBAL, rest);
          case "session":
          case "local":
            return new SqlVariableRef(pos, VariableScope.SESSION, rest);
          default:
            break;
        }
      }
      return new SqlVariableRef(pos, VariableScope.DEFAULT, body);
    }
    String body = image.substring(1);
    if (body.length() >= 2 && body.startsWith("`") && body.endsWith("`")) {
      body = body.substring(1, body.length() - 1).replace("``", "`");
    }
    return new SqlVariableRef(pos, VariableScope.USER, body);
  }

  public VariableScope scope() {
    return scope;
  }

  public String name() {
    return name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(symbol(scope), SqlLiteral.createCharString(name, SqlParserPos.ZERO));
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.print(image());
    writer.setNeedWhitespace(true);
  }

  /** The canonical spelling, e.g. {@code @@GLOBAL.sql_mode}. */
  public String image() {
    switch (scope) {
      case GLOBAL:
        return "@@GLOBAL." + name;
      case SESSION:
        return "@@SESSION." + name;
      case DEFAULT:
        return "@@" + name;
      case USER:
        return isPlainName(name) ? "@" + name : "@`" + name.replace("`", "``") + "`";
      default:
        throw new AssertionError(scope);
    }
  }

  private static boolean isPlainName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
