package io.cairn.storage.mvcc;

/**
 * What a reader or writer learns about a lock that stopped it (kvproto's LockInfo).
 *
 * @param primaryLock raw user key of the lock owner's primary
 * @param lockVersion the owner's start_ts
 * @param key raw user key that is locked
 */
public record LockInfo(
    byte[] primaryLock,
    long lockVersion,
    byte[] key,
    long lockTtl,
    long txnSize,
    LockType lockType,
    long lockForUpdateTs,
    long minCommitTs) {

  @Override
  public String toString() {
    return "LockInfo[key=" + Keys.hex(key) + " primary=" + Keys.hex(primaryLock) + " start_ts="
        + lockVersion + " ttl=" + lockTtl + " type=" + lockType + " for_update_ts="
        + lockForUpdateTs + " min_commit_ts=" + minCommitTs + "]";
  }
}
