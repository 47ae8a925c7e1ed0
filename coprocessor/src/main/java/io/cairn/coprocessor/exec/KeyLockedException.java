package io.cairn.coprocessor.exec;

/** A scan met a lock that blocks its read timestamp; the client resolves it and retries. */
public final class KeyLockedException extends RuntimeException {
  private final LockedKey lock;

  public KeyLockedException(LockedKey lock) {
    super("key is locked by txn " + lock.lockVersion(), null, false, false);
    this.lock = lock;
  }

  public LockedKey lock() {
    return lock;
  }
}
