package io.cairn.sql.engine;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.LockOptions;
import io.cairn.kv.MemBuffer;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Transaction;
import io.cairn.kv.buffer.BufferedReads;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The transaction a locking statement sees: a DML statement of a pessimistic transaction, or a
 * {@code SELECT ... FOR UPDATE} of an explicit one. It is the session's transaction with two
 * differences, which is all TiDB's pessimistic executors change too:
 *
 * <ul>
 *   <li>Reads may come from another snapshot. In a pessimistic transaction that is the
 *       statement's for-update ts (a <em>current read</em>: the newest committed data under the
 *       transaction's own writes), so an UPDATE computes from the values its locks will
 *       protect rather than from the start snapshot.
 *   <li>The keys the statement writes (and, for a locking read, the keys it reads, found or
 *       not) are collected, so {@link TxnManager} can lock them when the statement's body is
 *       done. A lock that finds a commit after the for-update ts fails with a write conflict,
 *       and the statement runs again at a newer one: what it computed was stale.
 * </ul>
 *
 * <p>Writes go to the transaction's buffer unchanged, inside the statement's stage. Ending the
 * transaction is the session's business, not the statement's: {@link #commit} and
 * {@link #rollback} refuse, {@link #close} does nothing. Not thread-safe, like the transaction.
 */
final class LockingStatementView implements Transaction {

  private final Transaction txn;
  private final Snapshot reads;
  private final boolean lockReads;
  private final Set<Key> keys = new TreeSet<>();

  /**
   * @param txn the session's transaction
   * @param reads the snapshot reads come from under the transaction's buffer; null to read
   *     through {@code txn} itself (its start snapshot, or a fresh one under READ COMMITTED)
   * @param lockReads whether the keys read are locked too (a locking read), not only the
   *     keys written
   */
  LockingStatementView(Transaction txn, Snapshot reads, boolean lockReads) {
    this.txn = txn;
    this.reads = reads;
    this.lockReads = lockReads;
  }

  /**
   * Locks {@code keys} with the statement's writes even if the statement does not write them:
   * the rows an UPDATE or DELETE reads by key, found or not (TiDB's point get in DML). A row that
   * is absent now cannot then be inserted by another transaction before this one ends, so a
   * DELETE of a missing key followed by an INSERT of it cannot fail with a duplicate entry.
   */
  void alsoLock(java.util.Collection<Key> keys) {
    this.keys.addAll(keys);
  }

  /** The keys to lock: every key written so far, and every key read when reads are locked. */
  Set<Key> keysToLock() {
    return keys;
  }

  @Override
  public byte[] get(Key key) {
    if (lockReads) {
      keys.add(key);
    }
    return reads == null ? txn.get(key) : BufferedReads.get(txn.memBuffer(), reads, key);
  }

  @Override
  public Map<Key, byte[]> batchGet(Collection<Key> keys) {
    if (lockReads) {
      this.keys.addAll(keys);
    }
    return reads == null ? txn.batchGet(keys) : BufferedReads.batchGet(txn.memBuffer(), reads, keys);
  }

  @Override
  public KvIterator<KvPair> iterate(KeyRange range) {
    return recorded(reads == null ? txn.iterate(range) : BufferedReads.iterate(txn.memBuffer(), reads, range, false));
  }

  @Override
  public KvIterator<KvPair> iterateReverse(KeyRange range) {
    return recorded(reads == null ? txn.iterateReverse(range)
        : BufferedReads.iterate(txn.memBuffer(), reads, range, true));
  }

  private KvIterator<KvPair> recorded(KvIterator<KvPair> it) {
    if (!lockReads) {
      return it;
    }
    return new KvIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KvPair next() {
        KvPair p = it.next();
        keys.add(p.key());
        return p;
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  @Override
  public void set(Key key, byte[] value) {
    txn.set(key, value);
    keys.add(key);
  }

  @Override
  public void delete(Key key) {
    txn.delete(key);
    keys.add(key);
  }

  @Override
  public long startTs() {
    return txn.startTs();
  }

  @Override
  public BeginOptions options() {
    return txn.options();
  }

  @Override
  public MemBuffer memBuffer() {
    return txn.memBuffer();
  }

  @Override
  public Snapshot snapshot() {
    return reads == null ? txn.snapshot() : reads;
  }

  @Override
  public Map<Key, byte[]> lockKeys(LockOptions options, Collection<Key> keys) {
    return txn.lockKeys(options, keys);
  }

  @Override
  public boolean isReadOnly() {
    return txn.isReadOnly() && keys.isEmpty();
  }

  @Override
  public boolean isValid() {
    return txn.isValid();
  }

  @Override
  public void commit() {
    throw new IllegalStateException("a statement cannot commit its session's transaction");
  }

  @Override
  public void rollback() {
    throw new IllegalStateException("a statement cannot roll back its session's transaction");
  }

  @Override
  public long commitTs() {
    return txn.commitTs();
  }

  @Override
  public void close() {
    // The session's transaction outlives the statement.
  }
}
