package io.cairn.kv;

/** Waiting for a lock would close a cycle of waiting transactions; this transaction was chosen to fail. */
public class DeadlockException extends KvException {

  private static final long serialVersionUID = 1L;

  public DeadlockException() {
    super(ErrorCode.DEADLOCK);
  }
}
