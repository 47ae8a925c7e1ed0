package io.cairn.coprocessor.exec;

/** A request that cannot run or was stopped: bad input, or a limit it exceeded. */
public final class CoprocessorException extends RuntimeException {

  /** Why the request failed. */
  public enum Kind {
    /** The request is malformed or asks for something unsupported. */
    BAD_REQUEST,
    DEADLINE_EXCEEDED,
    /** The result would exceed the request's row limit; page the request instead. */
    ROW_LIMIT_EXCEEDED,
    MEMORY_LIMIT_EXCEEDED,
    /** Stored data does not decode as the request's column types say. */
    CORRUPT_DATA
  }

  private final Kind kind;

  public CoprocessorException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public CoprocessorException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
