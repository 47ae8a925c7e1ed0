package io.cairn.sql.parser;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Thrown from grammar actions when the text is well-formed for the grammar but not acceptable:
 * either Cairn does not support the construct ({@link #unsupported()} is true; MySQL error 1235)
 * or a value is invalid where the grammar alone cannot tell (an unknown column type, a length on
 * a type that takes none; error 1064). {@link MySqlParser} turns it into a
 * {@link io.cairn.sql.MySqlParseException}.
 */
public final class GrammarException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SqlParserPos pos;
  private final boolean unsupported;
  private final String construct;

  private GrammarException(SqlParserPos pos, boolean unsupported, String construct, String message) {
    super(message);
    this.pos = pos;
    this.unsupported = unsupported;
    this.construct = construct;
  }

  /** Cairn knows {@code construct} (e.g. "FOREIGN KEY") but does not implement it. */
  public static GrammarException unsupported(SqlParserPos pos, String construct) {
    return new GrammarException(pos, true, construct, "unsupported: " + construct);
  }

  /** The text at {@code pos} is not valid MySQL; {@code message} says why. */
  public static GrammarException invalid(SqlParserPos pos, String message) {
    return new GrammarException(pos, false, null, message);
  }

  public SqlParserPos pos() {
    return pos;
  }

  public boolean unsupported() {
    return unsupported;
  }

  /** The construct's name for an unsupported construct, otherwise null. */
  public String construct() {
    return construct;
  }
}
