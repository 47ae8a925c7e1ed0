package io.cairn.tikv.error;

/**
 * A pessimistic lock request kept meeting another transaction's live lock until the
 * statement's lock wait timeout ran out (or at once with NOWAIT). Translated to MySQL 1205.
 */
public final class LockWaitExpiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockWaitExpiredException(String message) {
    super(message);
  }
}
