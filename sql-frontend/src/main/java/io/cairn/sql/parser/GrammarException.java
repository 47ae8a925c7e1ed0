package io.cairn.sql.parser;

import java.util.List;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Thrown from grammar actions when the text is well-formed for the grammar but not acceptable:
 * Cairn does not support the construct ({@link #unsupported()} is true; MySQL error 1235), two
 * clauses cannot go together ({@link #wrongUsage()} is non-null; error 1221), or a value is
 * invalid where the grammar alone cannot tell (an unknown column type, a length on a type that
 * takes none; error 1064). {@link MySqlParser} turns it into a
 * {@link io.cairn.sql.MySqlParseException}.
 */
public final class GrammarException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SqlParserPos pos;
  private final boolean unsupported;
  private final String construct;
  private final List<String> wrongUsage;

  private GrammarException(SqlParserPos pos, boolean unsupported, String construct, List<String> wrongUsage,
      String message) {
    super(message);
    this.pos = pos;
    this.unsupported = unsupported;
    this.construct = construct;
    this.wrongUsage = wrongUsage;
  }

  /** Cairn knows {@code construct} (e.g. "FOREIGN KEY") but does not implement it. */
  public static GrammarException unsupported(SqlParserPos pos, String construct) {
    return new GrammarException(pos, true, construct, null, "unsupported: " + construct);
  }

  /** Two clauses MySQL refuses together (error 1221), e.g. a multi-table UPDATE and ORDER BY. */
  public static GrammarException wrongUsage(SqlParserPos pos, String first, String second) {
    return new GrammarException(pos, false, null, List.of(first, second),
        "Incorrect usage of " + first + " and " + second);
  }

  /** The text at {@code pos} is not valid MySQL; {@code message} says why. */
  public static GrammarException invalid(SqlParserPos pos, String message) {
    return new GrammarException(pos, false, null, null, message);
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

  /** The two clauses that cannot go together, or null. */
  public List<String> wrongUsage() {
    return wrongUsage;
  }
}
