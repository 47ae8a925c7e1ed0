package io.cairn.storage.region;

/**
 * Thrown by a {@link RegionEngine} (and everything that reads or writes through it, such as the
 * Raft side's {@code RegionPeer}) when a request cannot run on its region; the gRPC layer
 * answers it as the response's {@code region_error}. Carries no stack trace: it is a routing
 * answer, not a fault. None of its errors means the command was applied.
 */
public final class RegionException extends RuntimeException {
  private final RegionError error;

  public RegionException(RegionError error) {
    this(error, null);
  }

  /**
   * @param cause the lower-level failure the error was derived from (e.g. the Raft library's
   *     exception), kept for diagnosis; may be null
   */
  public RegionException(RegionError error, Throwable cause) {
    this(error, error.toString(), cause);
  }

  /** @param message what the log should say; {@link #error()} is what the client is told */
  public RegionException(RegionError error, String message, Throwable cause) {
    super(message, cause, false, false);
    this.error = error;
  }

  public RegionError error() {
    return error;
  }
}
