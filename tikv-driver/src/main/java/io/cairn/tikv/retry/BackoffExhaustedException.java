package io.cairn.tikv.retry;

/**
 * A region task ran out of its backoff budget. Carries the kind it was backing off on (whose
 * give-up error the driver boundary reports) and the last error that caused a retry.
 */
public final class BackoffExhaustedException extends RuntimeException {

  private final BackoffKind kind;
  private final long sleptMillis;

  BackoffExhaustedException(BackoffKind kind, long sleptMillis, long budgetMillis, Throwable cause) {
    super(
        kind.giveUpMessage()
            + " (backoff "
            + kind
            + " gave up after "
            + sleptMillis
            + " ms of a "
            + budgetMillis
            + " ms budget"
            + (cause == null ? ")" : "; last error: " + cause.getMessage() + ")"),
        cause);
    this.kind = kind;
    this.sleptMillis = sleptMillis;
  }

  public BackoffKind kind() {
    return kind;
  }

  public long sleptMillis() {
    return sleptMillis;
  }
}
