package io.cairn.kv;

/** One key-value pair exceeds the store's limit on an entry's size. */
public class EntryTooLargeException extends KvException {

  private static final long serialVersionUID = 1L;

  private final long limit;
  private final long size;

  public EntryTooLargeException(long limit, long size) {
    super(ErrorCode.ENTRY_TOO_LARGE, limit, size);
    this.limit = limit;
    this.size = size;
  }

  public long limit() {
    return limit;
  }

  public long size() {
    return size;
  }
}
