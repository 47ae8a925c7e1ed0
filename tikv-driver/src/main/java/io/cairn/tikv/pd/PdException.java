package io.cairn.tikv.pd;

/**
 * A PD call failed. {@link #retryable()} says whether the same call may succeed later (no
 * leader reachable, a broken TSO stream, a timeout): the caller backs off on {@code PD_RPC}
 * and tries again. A non-retryable failure (a cluster id mismatch, a closed client, an
 * invalid request) is final.
 */
public final class PdException extends RuntimeException {

  private final boolean retryable;

  public PdException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public PdException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
