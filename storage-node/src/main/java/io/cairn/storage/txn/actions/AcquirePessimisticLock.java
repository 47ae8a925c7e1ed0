package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.KeyError.WriteConflict;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.mvcc.reader.MvccReader;
import io.cairn.storage.mvcc.reader.VersionedWrite;

/**
 * acquire_pessimistic_lock of one key (TiKV txn/actions/acquire_pessimistic_lock). Another
 * transaction's lock: {@code Locked} (the command may wait). Our own pessimistic lock: its
 * for_update_ts is raised. No lock: a commit record newer than for_update_ts is a
 * {@code WriteConflict} (the statement retries at a newer for_update_ts), our own rollback
 * aborts, and a should-not-exist key with a committed value is {@code AlreadyExist}; then the
 * pessimistic lock is written.
 */
public final class AcquirePessimisticLock {
  private AcquirePessimisticLock() {}

  /** Arguments of one key. {@code key} and {@code primary} are raw user keys. */
  public record Request(
      byte[] key, boolean shouldNotExist, byte[] primary, long startTs, long ttl,
      long forUpdateTs, long minCommitTs, boolean needValue) {}

  /** @return the key's latest committed value when {@code needValue}, else null */
  public static byte[] acquire(MvccTxn txn, MvccReader reader, Request r) {
    byte[] key = Keys.encode(r.key());
    Lock lock = reader.loadLock(key);
    if (lock != null) {
      if (lock.startTs() != r.startTs()) {
        throw Conflicts.error(new KeyError.Locked(lock.toLockInfo(r.key())));
      }
      if (lock.type() != LockType.PESSIMISTIC) {
        throw Conflicts.error(new KeyError.Abort("lock type not match: txn " + r.startTs()
            + " already prewrote " + Keys.hex(r.key())));
      }
      if (lock.forUpdateTs() < r.forUpdateTs() || lock.ttl() < r.ttl()) {
        txn.putLock(key, lock.withForUpdateTs(Math.max(lock.forUpdateTs(), r.forUpdateTs()))
            .withTtl(Math.max(lock.ttl(), r.ttl())));
      }
      return r.needValue() ? latestValue(reader, key) : null;
    }
    VersionedWrite newest = reader.seekWrite(key, Long.MAX_VALUE);
    if (newest != null) {
      if (newest.commitTs() > r.forUpdateTs()) {
        throw Conflicts.error(new WriteConflict(r.startTs(), newest.write().startTs(),
            newest.commitTs(), r.key(), r.primary(), WriteConflict.Reason.PESSIMISTIC_RETRY));
      }
      if (rolledBackAt(newest, r.startTs())
          || (newest.commitTs() > r.startTs()
              && rolledBackAt(reader.seekWrite(key, r.startTs()), r.startTs()))) {
        throw Conflicts.error(new KeyError.Abort(
            "pessimistic lock rolled back: txn " + r.startTs() + " key " + Keys.hex(r.key())));
      }
      if (r.shouldNotExist()) {
        Conflicts.checkNotExists(reader, key, r.key());
      }
    }
    byte[] value = r.needValue() ? latestValue(reader, key) : null;
    txn.putLock(key, new Lock(LockType.PESSIMISTIC, r.primary(), r.startTs(), r.ttl(),
        r.forUpdateTs(), 0, r.minCommitTs(), null));
    return value;
  }

  private static boolean rolledBackAt(VersionedWrite w, long startTs) {
    return w != null && w.commitTs() == startTs
        && (w.write().type() == WriteType.ROLLBACK || w.write().overlappedRollback());
  }

  private static byte[] latestValue(MvccReader reader, byte[] key) {
    VersionedWrite w = reader.seekDataWrite(key, Long.MAX_VALUE);
    if (w == null || w.write().type() == WriteType.DELETE) {
      return null;
    }
    Write write = w.write();
    return reader.loadValue(key, write);
  }
}
