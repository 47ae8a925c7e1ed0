package io.cairn.kv;

/** The transaction's buffered writes exceed the store's limit on a transaction's size. */
public class TxnTooLargeException extends KvException {

  private static final long serialVersionUID = 1L;

  private final long size;

  /** @param size the size in bytes the transaction would have reached */
  public TxnTooLargeException(long size) {
    super(ErrorCode.TXN_TOO_LARGE, size);
    this.size = size;
  }

  public long size() {
    return size;
  }
}
