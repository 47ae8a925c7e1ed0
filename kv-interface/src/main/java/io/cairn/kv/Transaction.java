package io.cairn.kv;

import java.util.Collection;
import java.util.Map;

/**
 * A transaction: a {@link MemBuffer} of writes laid over a {@link Snapshot} taken at the start
 * timestamp (TiDB's {@code kv.Transaction}, without its untyped options).
 *
 * <h2>Reads</h2>
 * {@link #get}, {@link #batchGet} and the scans merge the buffer over the snapshot: a buffered
 * write wins over the snapshot, a buffered delete hides the snapshot's value. So a transaction
 * always reads its own writes. Under {@link IsolationLevel#REPEATABLE_READ} the snapshot is
 * fixed at {@link #startTs()} (no dirty reads, no non-repeatable reads); under
 * {@link IsolationLevel#READ_COMMITTED} each read sees what was committed before it began.
 *
 * <h2>Writes</h2>
 * {@link #set} and {@link #delete} only buffer; nothing is visible to others before
 * {@link #commit}. Statement-level rollback uses the buffer's stages:
 * {@code memBuffer().staging()} before a statement, {@code cleanup} if it fails,
 * {@code release} if it succeeds.
 *
 * <h2>Commit</h2>
 * Commit is first-committer-wins: if another transaction committed a key this one writes (or
 * locked with {@link #lockKeys} in optimistic mode) after this one's start timestamp, commit
 * throws {@link WriteConflictException} and this transaction is rolled back. In pessimistic
 * mode keys locked with {@link #lockKeys} cannot conflict at commit. A commit that throws
 * {@link ResultUndeterminedException} may or may not have taken effect; any other exception
 * from commit means it did not.
 *
 * <h2>Lifecycle and threads</h2>
 * After {@link #commit} or {@link #rollback} (successful or not) every method except
 * {@link #close}, {@link #startTs}, {@link #commitTs}, {@link #isValid} and {@link #options}
 * throws {@link TransactionClosedException}. {@link #close} rolls back a transaction that is
 * still open and otherwise does nothing, so try-with-resources is safe. A transaction is used
 * by one thread at a time; different transactions may run concurrently.
 */
public interface Transaction extends Retriever, Mutator, AutoCloseable {

  /** The start timestamp: the snapshot of REPEATABLE READ reads, and the transaction's id. */
  long startTs();

  /** The options the transaction began with. */
  BeginOptions options();

  /**
   * The merged values of those {@code keys} that exist (buffer over snapshot); absent and
   * deleted keys are missing from the result.
   */
  Map<Key, byte[]> batchGet(Collection<Key> keys);

  /**
   * The write buffer, for statement staging and for reading only what this transaction wrote.
   * Writing to it is the same as writing to the transaction (a read-only transaction's buffer
   * rejects writes too).
   */
  MemBuffer memBuffer();

  /**
   * The snapshot at {@link #startTs()}, without this transaction's writes: for reads that must
   * not see them, such as checking that a key is new before inserting it.
   */
  Snapshot snapshot();

  /**
   * Locks {@code keys} for this transaction.
   *
   * <p>Pessimistic mode: the locks are taken now, in storage, waiting up to
   * {@code options.lockWaitTimeout()} for other transactions' locks. Afterwards no other
   * transaction can commit these keys until this one ends. Throws
   * {@link LockWaitTimeoutException} when the wait times out, {@link DeadlockException} when
   * waiting would deadlock, and {@link WriteConflictException} when a key was committed by
   * another transaction after {@code options.forUpdateTs()}. A failed call may have locked
   * some of the keys; they stay locked until the transaction ends.
   *
   * <p>Optimistic mode: nothing happens now; at commit the keys are checked for write
   * conflicts as if they had been written (SELECT ... FOR UPDATE in an optimistic
   * transaction).
   *
   * @return with {@code options.returnValues()} in pessimistic mode, the newest committed
   *     values of those keys that exist (not this transaction's buffered writes); otherwise an
   *     empty map
   * @throws ReadOnlyTransactionException in a read-only transaction
   */
  Map<Key, byte[]> lockKeys(LockOptions options, Collection<Key> keys);

  /**
   * True when the transaction has nothing to commit: no buffered writes and no locked keys.
   * Committing such a transaction writes nothing.
   */
  boolean isReadOnly();

  /** True until the transaction commits or rolls back. */
  boolean isValid();

  /**
   * Makes the buffered writes durable and visible atomically at a new commit timestamp.
   *
   * @throws WriteConflictException when another transaction won a conflicting write
   * @throws ResultUndeterminedException when the outcome is unknown
   * @throws TransactionClosedException when already committed or rolled back
   */
  void commit();

  /**
   * Discards the buffered writes and releases the locks.
   *
   * @throws TransactionClosedException when already committed or rolled back
   */
  void rollback();

  /**
   * The commit timestamp of a committed transaction that wrote something.
   *
   * @throws IllegalStateException if the transaction has not committed or committed nothing
   */
  long commitTs();

  /** Rolls back the transaction if it is still open; otherwise does nothing. */
  @Override
  void close();
}
