package io.cairn.kv;

/** The storage (or the component of it that was called) has been closed. */
public class StorageClosedException extends KvException {

  private static final long serialVersionUID = 1L;

  public StorageClosedException(String storage) {
    super(ErrorCode.STORAGE_CLOSED, storage);
  }
}
