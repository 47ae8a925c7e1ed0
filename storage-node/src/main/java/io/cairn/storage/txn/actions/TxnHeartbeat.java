package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.reader.MvccReader;

/** txn_heartbeat: raises the primary lock's TTL to {@code adviseTtl}; never lowers it. */
public final class TxnHeartbeat {
  private TxnHeartbeat() {}

  /** @return the lock's TTL after the call */
  public static long heartbeat(
      MvccTxn txn, MvccReader reader, byte[] primary, long startTs, long adviseTtl) {
    byte[] key = Keys.encode(primary);
    Lock lock = reader.loadLock(key);
    if (lock == null || lock.startTs() != startTs) {
      throw Conflicts.error(new KeyError.TxnNotFound(startTs, primary));
    }
    if (lock.ttl() < adviseTtl) {
      txn.putLock(key, lock.withTtl(adviseTtl));
      return adviseTtl;
    }
    return lock.ttl();
  }
}
