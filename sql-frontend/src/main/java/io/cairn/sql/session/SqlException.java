package io.cairn.sql.session;

/**
 * A statement failed with a MySQL error: the protocol layer sends {@link #errno()}, {@link
 * #sqlState()} and the message in an ERR packet as they are.
 */
public class SqlException extends RuntimeException {

  private final int errno;
  private final String sqlState;

  public SqlException(int errno, String sqlState, String message) {
    super(message);
    this.errno = errno;
    this.sqlState = sqlState;
  }

  public SqlException(int errno, String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.errno = errno;
    this.sqlState = sqlState;
  }

  /** The MySQL error number, e.g. 1064 for a syntax error. */
  public int errno() {
    return errno;
  }

  /** The five-character SQLSTATE, e.g. "42000". */
  public String sqlState() {
    return sqlState;
  }
}
