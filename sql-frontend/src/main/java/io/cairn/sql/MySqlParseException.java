package io.cairn.sql;

/**
 * A statement that cannot be run because of its text, carrying the MySQL error the client sees:
 * 1064 (SQLSTATE 42000) for a syntax error, 1235 (42000) for a construct Cairn recognises but
 * does not implement, 1065 (42000) for an empty query, 1221 (HY000) for clauses that cannot go
 * together. Messages follow MySQL's wording so tools
 * that match on them keep working.
 */
public final class MySqlParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** ER_PARSE_ERROR. */
  public static final int ER_PARSE_ERROR = 1064;
  /** ER_EMPTY_QUERY. */
  public static final int ER_EMPTY_QUERY = 1065;
  /** ER_NOT_SUPPORTED_YET. */
  public static final int ER_NOT_SUPPORTED_YET = 1235;
  /** ER_WRONG_USAGE. */
  public static final int ER_WRONG_USAGE = 1221;

  /** MySQL cuts the "near" text of ER_PARSE_ERROR to this many characters. */
  public static final int NEAR_TEXT_LIMIT = 80;

  private final int errorCode;
  private final String sqlState;
  private final String near;
  private final int line;

  private MySqlParseException(int errorCode, String message, String near, int line, Throwable cause) {
    this(errorCode, "42000", message, near, line, cause);
  }

  private MySqlParseException(int errorCode, String sqlState, String message, String near, int line,
      Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.sqlState = sqlState;
    this.near = near;
    this.line = line;
  }

  /**
   * Error 1064.
   *
   * @param near the statement text from the offending token on (cut to {@link #NEAR_TEXT_LIMIT})
   * @param line the 1-based line of the offending token
   * @param cause the parser's own exception, kept for diagnostics; may be null
   */
  public static MySqlParseException syntaxError(String near, int line, Throwable cause) {
    String cut = near.length() > NEAR_TEXT_LIMIT ? near.substring(0, NEAR_TEXT_LIMIT) : near;
    return new MySqlParseException(ER_PARSE_ERROR,
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server"
            + " version for the right syntax to use near '" + cut + "' at line " + line,
        cut, line, cause);
  }

  /** Error 1235 naming {@code construct}, e.g. "FOREIGN KEY". */
  public static MySqlParseException notSupported(String construct, Throwable cause) {
    return new MySqlParseException(ER_NOT_SUPPORTED_YET,
        "This version of Cairn doesn't yet support '" + construct + "'", null, 0, cause);
  }

  /** Error 1221, e.g. "Incorrect usage of UPDATE and ORDER BY" for a multi-table UPDATE. */
  public static MySqlParseException wrongUsage(String first, String second, Throwable cause) {
    return new MySqlParseException(ER_WRONG_USAGE, "HY000", "Incorrect usage of " + first + " and " + second,
        null, 0, cause);
  }

  /** Error 1065: the text holds no statement. */
  public static MySqlParseException emptyQuery() {
    return new MySqlParseException(ER_EMPTY_QUERY, "Query was empty", null, 0, null);
  }

  /** The MySQL error number (1064, 1065, 1221 or 1235). */
  public int errorCode() {
    return errorCode;
  }

  /** The SQLSTATE: 42000, or HY000 for 1221. */
  public String sqlState() {
    return sqlState;
  }

  /** For 1064 the text after "near", otherwise null. */
  public String near() {
    return near;
  }

  /** For 1064 the 1-based line of the error, otherwise 0. */
  public int line() {
    return line;
  }
}
