package io.cairn.coprocessor.expr;

/**
 * An evaluation error that MySQL reports as a statement error (not a warning), with its MySQL
 * error number and SQLSTATE, e.g. 1690/22003 "BIGINT value is out of range in '(a + 1)'".
 */
public final class EvalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String sqlState;

  public EvalException(int errno, String sqlState, String message) {
    super(message);
    this.errno = errno;
    this.sqlState = sqlState;
  }

  public int errno() {
    return errno;
  }

  public String sqlState() {
    return sqlState;
  }

  public static EvalException outOfRange(String typeName, String exprText) {
    return new EvalException(1690, "22003", typeName + " value is out of range in '" + exprText + "'");
  }

  @Override
  public String toString() {
    return "ERROR " + errno + " (" + sqlState + "): " + getMessage();
  }
}
