package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.KeyError.WriteConflict;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.TxnCommitRecord;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.reader.MvccReader;
import io.cairn.storage.mvcc.reader.VersionedWrite;

/**
 * Prewrite of one key (TiKV txn/actions/prewrite): checks the key's lock and newer commits,
 * then writes the lock (and a long value into CF default).
 *
 * <ul>
 *   <li>Another transaction's lock: {@code Locked}, or {@code Abort} (pessimistic lock not
 *       found) when this key was expected to hold our pessimistic lock.
 *   <li>Our own prewritten lock: a retry, nothing to do.
 *   <li>Our own pessimistic lock: converted into the prewrite lock, no conflict check (the
 *       pessimistic lock already did it).
 *   <li>No lock: our own commit record means a retry after commit (nothing to do), our own
 *       rollback is a conflict; any commit record newer than start_ts is a
 *       {@code WriteConflict}. Insert checks that the key has no committed value.
 * </ul>
 *
 * <p>{@link #prepare} does all of that but leaves writing the lock to its caller, so that a
 * one-phase commit can write the commit record instead.
 */
public final class Prewrite {
  private Prewrite() {}

  /**
   * What {@link #prepare} decided for one key.
   *
   * @param key the encoded key
   * @param lock the lock to write; null when nothing is to be written
   * @param replacesLock whether the key holds this transaction's pessimistic lock, which
   *     {@code lock} replaces (a check-not-exists leaves it to the commit)
   * @param retry whether this transaction already prewrote (a lock: its min_commit_ts is
   *     {@code existingMinCommitTs}) or committed the key: a retried request
   */
  public record Prepared(byte[] key, Lock lock, boolean replacesLock, boolean retry,
      long existingMinCommitTs) {
    static Prepared retried(byte[] key, long minCommitTs) {
      return new Prepared(key, null, false, true, minCommitTs);
    }
  }

  /**
   * @param expectPessimisticLock whether this key of a pessimistic transaction must hold its
   *     pessimistic lock
   * @return the min_commit_ts of the written lock, or 0 if nothing was written
   */
  public static long prewrite(
      MvccTxn txn, MvccReader reader, TxnProps props, Mutation m, boolean expectPessimisticLock) {
    Prepared p = prepare(txn, reader, props, m, expectPessimisticLock);
    if (p.lock() == null) {
      return p.existingMinCommitTs();
    }
    txn.putLock(p.key(), p.lock());
    return p.lock().minCommitTs();
  }

  /**
   * Checks one key and writes its long value into CF default, but not its lock: the caller
   * writes {@link Prepared#lock()} (a prewrite) or a commit record made from it (one-phase
   * commit).
   */
  public static Prepared prepare(
      MvccTxn txn, MvccReader reader, TxnProps props, Mutation m, boolean expectPessimisticLock) {
    byte[] key = Keys.encode(m.key());
    long startTs = props.startTs();
    Lock existing = reader.loadLock(key);
    Lock pessimisticLock = null;
    if (existing != null) {
      if (existing.startTs() != startTs) {
        if (expectPessimisticLock) {
          throw Conflicts.error(pessimisticLockNotFound(startTs, m.key()));
        }
        throw Conflicts.error(new KeyError.Locked(existing.toLockInfo(m.key())));
      }
      if (existing.type() != LockType.PESSIMISTIC) {
        return Prepared.retried(key, existing.minCommitTs());
      }
      if (!props.isPessimistic()) {
        throw Conflicts.error(new KeyError.Abort(
            "lock type not match: optimistic prewrite met pessimistic lock of txn " + startTs
                + " at " + Keys.hex(m.key())));
      }
      pessimisticLock = existing;
    } else if (expectPessimisticLock) {
      if (reader.getTxnCommitRecord(key, startTs) instanceof TxnCommitRecord.Committed) {
        return Prepared.retried(key, 0);
      }
      throw Conflicts.error(pessimisticLockNotFound(startTs, m.key()));
    }

    if (pessimisticLock == null) {
      if (checkNewerVersions(reader, key, m.key(), props)) {
        return Prepared.retried(key, 0);
      }
      if (m.shouldNotExist()) {
        Conflicts.checkNotExists(reader, key, m.key());
      }
    }
    if (m.op() == Mutation.Op.CHECK_NOT_EXISTS) {
      return new Prepared(key, null, pessimisticLock != null, false, 0);
    }

    LockType type = switch (m.op()) {
      case PUT, INSERT -> LockType.PUT;
      case DELETE -> LockType.DELETE;
      case LOCK -> LockType.LOCK;
      case CHECK_NOT_EXISTS -> throw new AssertionError();
    };
    byte[] shortValue = null;
    if (type == LockType.PUT) {
      if (m.value().length <= Write.SHORT_VALUE_MAX_LEN) {
        shortValue = m.value();
      } else {
        txn.putValue(key, startTs, m.value());
      }
    }
    long forUpdateTs = pessimisticLock != null ? pessimisticLock.forUpdateTs() : props.forUpdateTs();
    long ttl = Math.max(props.lockTtl(), pessimisticLock != null ? pessimisticLock.ttl() : 0);
    // A reader may have pushed the pessimistic lock's min_commit_ts; never lower it.
    long minCommitTs = Math.max(props.effectiveMinCommitTs(),
        pessimisticLock != null ? pessimisticLock.minCommitTs() : 0);
    return new Prepared(key, new Lock(type, props.primary(), startTs, ttl, forUpdateTs,
        props.txnSize(), minCommitTs, shortValue), pessimisticLock != null, false, 0);
  }

  /**
   * Write-conflict check against commit records newer than start_ts.
   *
   * @return true when this transaction already committed the key (a late retry)
   */
  private static boolean checkNewerVersions(
      MvccReader reader, byte[] key, byte[] userKey, TxnProps props) {
    long startTs = props.startTs();
    VersionedWrite newest = reader.seekWrite(key, Long.MAX_VALUE);
    if (newest == null || newest.commitTs() < startTs) {
      return false;
    }
    TxnCommitRecord own = reader.getTxnCommitRecord(key, startTs);
    if (own instanceof TxnCommitRecord.Committed) {
      return true;
    }
    if (own instanceof TxnCommitRecord.RolledBack) {
      throw Conflicts.error(new WriteConflict(startTs, startTs, startTs, userKey, props.primary(),
          WriteConflict.Reason.SELF_ROLLED_BACK));
    }
    if (newest.commitTs() > startTs) {
      Write w = newest.write();
      throw Conflicts.error(new WriteConflict(startTs, w.startTs(), newest.commitTs(), userKey,
          props.primary(), WriteConflict.Reason.OPTIMISTIC));
    }
    return false;
  }

  static KeyError pessimisticLockNotFound(long startTs, byte[] userKey) {
    return new KeyError.Abort(
        "pessimistic lock not found: txn " + startTs + " key " + Keys.hex(userKey));
  }
}
