package io.cairn.kv;

/** A pessimistic lock could not be taken within the lock wait timeout. */
public class LockWaitTimeoutException extends KvException {

  private static final long serialVersionUID = 1L;

  public LockWaitTimeoutException() {
    super(ErrorCode.LOCK_WAIT_TIMEOUT);
  }
}
