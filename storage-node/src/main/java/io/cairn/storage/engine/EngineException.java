package io.cairn.storage.engine;

import java.util.Objects;

/**
 * A storage engine failed to read or write. The {@link #kind()} says what the caller may do
 * about it: {@link Kind#NO_SPACE} and {@link Kind#IO_ERROR} are environmental (the node should
 * stop serving writes and report itself unhealthy), {@link Kind#BUSY} may succeed when retried,
 * {@link Kind#CORRUPTION} needs an operator. Misuse of the SPI (a closed engine, a foreign
 * batch) is not reported with this type but with {@link IllegalStateException} or
 * {@link IllegalArgumentException}.
 */
public class EngineException extends RuntimeException {

  /** Why the engine failed. */
  public enum Kind {
    /** The disk (or a quota) is full. */
    NO_SPACE,
    /** Any other I/O failure, including a data directory locked by another process. */
    IO_ERROR,
    /** Data on disk fails its checksums or structure checks. */
    CORRUPTION,
    /** Transient contention inside the engine; a retry may succeed. */
    BUSY,
    /** The engine rejected an argument or a configuration. */
    INVALID_ARGUMENT,
    /** A failure the engine did not classify. */
    OTHER
  }

  private final Kind kind;

  public EngineException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  /** Whether repeating the same operation later may succeed without outside help. */
  public boolean retryable() {
    return kind == Kind.BUSY;
  }
}
