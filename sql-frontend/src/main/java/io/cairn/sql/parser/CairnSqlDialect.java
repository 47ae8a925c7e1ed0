package io.cairn.sql.parser;

import org.apache.calcite.sql.dialect.MysqlSqlDialect;

/**
 * The dialect Cairn unparses with: MySQL's, with string literals written the way
 * {@link MySqlLexicalNormalizer} reads them back (backslash and quote escaped, control characters
 * as backslash escapes, other characters as they are, never Calcite's {@code U&'...'} form).
 */
public final class CairnSqlDialect extends MysqlSqlDialect {
  /** Stateless; shared. */
  public static final CairnSqlDialect INSTANCE = new CairnSqlDialect();

  private CairnSqlDialect() {
    super(MysqlSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    buf.append('\'');
    for (int i = 0; i < val.length(); i++) {
      char c = val.charAt(i);
      switch (c) {
        case '\'' -> buf.append("''");
        case '\\' -> {
          // \% and \_ are kept as two characters by the reader, so write them back unchanged.
          char next = i + 1 < val.length() ? val.charAt(i + 1) : '\0';
          if (next == '%' || next == '_') {
            buf.append('\\').append(next);
            i++;
          } else {
            buf.append("\\\\");
          }
        }
        case '\0' -> buf.append("\\0");
        case '\n' -> buf.append("\\n");
        case '\r' -> buf.append("\\r");
        case '\t' -> buf.append("\\t");
        case '\b' -> buf.append("\\b");
        case '\u001a' -> buf.append("\\Z");
        default -> buf.append(c);
      }
    }
    buf.append('\'');
  }
}
