package io.cairn.kv;

/** A write was attempted in a transaction begun read-only. */
public class ReadOnlyTransactionException extends KvException {

  private static final long serialVersionUID = 1L;

  public ReadOnlyTransactionException() {
    super(ErrorCode.READ_ONLY_TRANSACTION);
  }
}
