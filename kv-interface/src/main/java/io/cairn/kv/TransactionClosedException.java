package io.cairn.kv;

/** The transaction was used after it committed or rolled back, or was rolled back by a failed commit. */
public class TransactionClosedException extends KvException {

  private static final long serialVersionUID = 1L;

  public TransactionClosedException(String reason) {
    super(ErrorCode.INVALID_TXN, reason);
  }
}
