package io.cairn.sql.parser;

import io.cairn.sql.parser.ast.MySqlTypeName;
import io.cairn.sql.parser.ast.SqlColumnType;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.NlsString;

/** Checks and conversions the generated parser's actions call; kept in Java so the grammar stays small. */
public final class GrammarSupport {
  private GrammarSupport() {}

  /** Builds a column type, rejecting what MySQL rejects (unknown name, a length or sign where the type takes none). */
  public static SqlColumnType columnType(SqlParserPos pos, String writtenName, Integer length, Integer scale,
      List<String> values, boolean unsigned, boolean zerofill, String charset) {
    MySqlTypeName type = MySqlTypeName.lookup(writtenName);
    if (type == null) {
      throw GrammarException.invalid(pos, "unknown column type " + writtenName);
    }
    if (length != null && !type.allowsLength()) {
      throw GrammarException.invalid(pos, type + " takes no length");
    }
    if (length == null && type.requiresLength()) {
      throw GrammarException.invalid(pos, type + " needs a length");
    }
    if (scale != null && !type.allowsScale()) {
      throw GrammarException.invalid(pos, type + " takes no scale");
    }
    if (!values.isEmpty() != (type.category() == MySqlTypeName.Category.ENUMERATION)) {
      throw GrammarException.invalid(pos, type + (values.isEmpty() ? " needs a value list" : " takes no value list"));
    }
    if ((unsigned || zerofill) && !type.allowsSign()) {
      throw GrammarException.invalid(pos, type + " cannot be UNSIGNED or ZEROFILL");
    }
    if (charset != null && !type.allowsCharset()) {
      throw GrammarException.invalid(pos, type + " takes no character set");
    }
    return new SqlColumnType(pos, type, length, scale, values, unsigned, zerofill, charset);
  }

  /** A non-negative int from a numeric literal token (lengths, precisions, prefix lengths). */
  public static int intValue(SqlParserPos pos, SqlLiteral literal) {
    BigDecimal value = literal.bigDecimalValue();
    try {
      if (value == null || value.signum() < 0) {
        throw GrammarException.invalid(pos, "invalid length " + literal);
      }
      return value.intValueExact();
    } catch (ArithmeticException e) {
      throw GrammarException.invalid(pos, "invalid length " + literal);
    }
  }

  /** The text of a string literal. */
  public static String stringOf(SqlNode node) {
    if (node instanceof SqlLiteral lit && lit.getValue() instanceof NlsString s) {
      return s.getValue();
    }
    throw GrammarException.invalid(node.getParserPosition(), "expected a string literal: " + node);
  }

  /**
   * The host of an account name whose {@code @host} part the lexer read as a user variable
   * token: {@code @localhost}, {@code @127.0.0.1} or {@code @`host`}.
   */
  public static String hostOfUserVariable(String image) {
    String body = image.substring(1);
    if (body.length() >= 2 && body.startsWith("`") && body.endsWith("`")) {
      return body.substring(1, body.length() - 1).replace("``", "`");
    }
    return body;
  }
}
