package io.cairn.kv;

import java.util.Objects;

/**
 * The base of every error the storage contract throws. It carries an {@link ErrorCode}, so the
 * SQL layer can answer the client with the right MySQL errno and SQLSTATE and decide whether
 * to retry without looking at messages. Drivers translate their own failures into these once,
 * at their boundary; subclasses exist for the errors callers catch on their own and carry the
 * facts that go with them.
 */
public class KvException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /** An error whose message is {@code code}'s template filled with {@code args}. */
  public KvException(ErrorCode code, Object... args) {
    this(code, null, args);
  }

  public KvException(ErrorCode code, Throwable cause, Object... args) {
    super(Objects.requireNonNull(code, "code").format(args), cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public int errno() {
    return code.errno();
  }

  public String sqlState() {
    return code.sqlState();
  }

  /** Running the whole transaction again may succeed. */
  public boolean retryable() {
    return code.retryable();
  }

  /** Whether the commit took effect is unknown. */
  public boolean undetermined() {
    return code.undetermined();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + code.errno() + " (" + code.sqlState() + ")]: " + getMessage();
  }
}
