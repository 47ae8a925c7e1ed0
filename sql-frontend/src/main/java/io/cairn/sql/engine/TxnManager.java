package io.cairn.sql.engine;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.DeadlockException;
import io.cairn.kv.IsolationLevel;
import io.cairn.kv.KvException;
import io.cairn.kv.LockOptions;
import io.cairn.kv.LockWaitTimeoutException;
import io.cairn.kv.ReadOnlyTransactionException;
import io.cairn.kv.ReplicaReadMode;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.StagingHandle;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import io.cairn.sql.catalog.Catalog;
import io.cairn.sql.catalog.InfoSchema;
import io.cairn.sql.catalog.MetaStore;
import io.cairn.sql.session.SqlException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The transaction of one session. An explicit transaction (BEGIN, START TRANSACTION, or any
 * statement while autocommit is off) stays open until COMMIT/ROLLBACK; otherwise each statement
 * runs in a transaction of its own that commits when it succeeds.
 *
 * <p>Each statement runs in a stage of the transaction's buffer ({@link #runStatement}): a
 * failing statement undoes only its own writes. The transaction resolves names against the
 * {@link InfoSchema} it started with and commits through {@link Catalog#commit}, which fails
 * with the retryable 8028 when a DDL changed a table it wrote in between.
 *
 * <p><b>Modes.</b> An explicit transaction is pessimistic or optimistic as the session's
 * {@link Settings} say ({@code tidb_txn_mode}, pessimistic by default, as TiDB). In a
 * pessimistic transaction each statement that locks ({@link Locking}) reads through a
 * {@link LockingStatementView} at a fresh for-update ts and, when its body is done, locks the
 * keys it wrote (and, for {@code SELECT ... FOR UPDATE}, read), waiting up to
 * {@code innodb_lock_wait_timeout} for other transactions' locks. A lock that meets a commit
 * newer than the for-update ts means the statement computed from stale values: its writes are
 * undone and it runs again at a newer for-update ts (TiDB's statement retry), so its commit
 * cannot fail on those keys. A lock wait timeout fails the statement (1205, or 3572 under
 * NOWAIT) and keeps the transaction; a deadlock (1213) rolls the whole transaction back, as
 * InnoDB does, releasing the locks the other transaction waits for. READ COMMITTED is offered
 * in pessimistic transactions only; an optimistic one runs REPEATABLE READ.
 *
 * <p>An optimistic transaction takes no locks while it runs ({@code SELECT ... FOR UPDATE}
 * registers its keys for the commit-time check) and meets write conflicts at commit as the
 * storage's 9007.
 *
 * <p>An autocommit statement is a transaction of its own. In pessimistic mode one that writes
 * is pessimistic too (TiDB's {@code pessimistic-auto-commit}): it waits in line for a row
 * another transaction holds instead of failing at commit on its lock. Its first attempt locks
 * at the start ts, so it costs one lock round trip more than an optimistic commit and no
 * timestamp. Reads, and writes in optimistic mode, commit optimistically. When the commit of
 * an autocommit statement fails with a retryable error it runs again, up to {@link
 * #AUTOCOMMIT_ATTEMPTS} times in all.
 *
 * <p><b>Stale reads.</b> A stale transaction is read-only and reads at a past timestamp the
 * session chose, through snapshots any caught-up replica may serve: a statement's own ({@link
 * #runStale}, for {@code AS OF TIMESTAMP} and {@code tidb_read_staleness}), an explicit one
 * ({@link #beginStale}), or the next one after {@code SET TRANSACTION READ ONLY AS OF} ({@link
 * #setNextReadTs}), whether that is begun explicitly or is an autocommit statement's. Names
 * resolve against the catalog as it was at that timestamp. Statements that write or lock fail
 * in it with 1792 before they read anything.
 *
 * <p><b>Replica reads.</b> {@code tidb_replica_read} picks the replicas that serve the snapshot
 * reads of explicit transactions and of read-only autocommit statements; an autocommit
 * statement that writes or locks reads from the leader. Current reads at a fresh for-update ts
 * go to the leader too, and locks and writes always do.
 *
 * <p>Not thread-safe: owned by the session.
 */
final class TxnManager {

  /** How a statement locks, when its transaction locks. */
  enum Locking {
    /** A plain read: no locks, reads at the transaction's snapshot. */
    NONE,
    /** DML: locks the keys it writes, after a current read. */
    WRITES,
    /** {@code SELECT ... FOR UPDATE}: locks the keys it reads too. */
    READS,
    /** {@code SELECT ... FOR UPDATE NOWAIT}: as {@link #READS}, failing at once on a held lock. */
    READS_NOWAIT;

    boolean reads() {
      return this == READS || this == READS_NOWAIT;
    }
  }

  /**
   * What the session's variables say about the transactions it begins.
   *
   * @param pessimistic {@code tidb_txn_mode} is pessimistic
   * @param isolation {@code transaction_isolation} as the storage offers it
   * @param lockWaitTimeout {@code innodb_lock_wait_timeout}
   * @param replicaRead {@code tidb_replica_read}
   */
  record Settings(boolean pessimistic, IsolationLevel isolation, Duration lockWaitTimeout, ReplicaReadMode replicaRead) {}

  /** How many times an autocommit statement runs before a retryable commit failure reaches the client. */
  static final int AUTOCOMMIT_ATTEMPTS = 10;

  /**
   * How many times a locking statement runs at a newer for-update ts before its write conflict
   * reaches the client (TiDB's {@code pessimistic-txn.max-retry-count}).
   */
  static final int LOCKING_ATTEMPTS = 256;

  private final Storage storage;
  private final Catalog catalog;
  private final Supplier<Settings> settings;
  private Transaction txn;
  private LockingStatementView statementView;
  private InfoSchema schema;
  private boolean explicit;
  private Duration lockWaitTimeout = Duration.ZERO;
  /** Whether a locking statement ran in the transaction (the first may lock at the start ts). */
  private boolean lockedSinceBegin;
  private final Set<Long> writtenTables = new HashSet<>();
  /** The start ts of the next transaction (SET TRANSACTION READ ONLY AS OF), or 0. */
  private long nextReadTs;

  TxnManager(Storage storage, Catalog catalog, Supplier<Settings> settings) {
    this.storage = storage;
    this.catalog = catalog;
    this.settings = settings;
  }

  /** Whether an explicit transaction is open. */
  boolean inTransaction() {
    return txn != null && explicit;
  }

  /**
   * Starts an explicit transaction, committing one that is open (MySQL's implicit commit); a
   * stale one at the timestamp {@link #setNextReadTs} left, if any.
   */
  void begin(boolean readOnly) {
    commit();
    open(true, readOnly, Locking.NONE, takeNextReadTs());
  }

  /** Starts an explicit stale transaction at {@code ts}, committing one that is open. */
  void beginStale(long ts) {
    commit();
    open(true, true, Locking.NONE, ts);
  }

  /** Makes the next transaction a stale one at {@code ts} (SET TRANSACTION READ ONLY AS OF). */
  void setNextReadTs(long ts) {
    nextReadTs = ts;
  }

  /** Whether SET TRANSACTION READ ONLY AS OF waits for the next transaction. */
  boolean hasNextReadTs() {
    return nextReadTs != 0;
  }

  private long takeNextReadTs() {
    long ts = nextReadTs;
    nextReadTs = 0;
    return ts;
  }

  /**
   * Runs a read-only statement in a stale transaction of its own at {@code ts}, leaving no
   * transaction open. Not inside an explicit transaction: the caller refuses that.
   */
  <T> T runStale(long ts, Supplier<T> body) {
    if (txn != null) {
      throw new IllegalStateException("a stale statement inside an open transaction");
    }
    open(false, true, Locking.NONE, ts);
    try {
      return body.get();
    } finally {
      rollback();
    }
  }

  /**
   * Begins the session's transaction: explicit ones in the session's mode; an autocommit
   * statement's own transaction pessimistic only when the mode is and the statement writes; a
   * stale read-only one at {@code staleTs} unless that is 0.
   */
  private void open(boolean explicitTxn, boolean readOnly, Locking locking, long staleTs) {
    boolean stale = staleTs != 0;
    schema = stale ? schemaAt(staleTs) : catalog.refresh();
    Settings s = settings.get();
    boolean ro = readOnly || stale;
    boolean pessimistic = s.pessimistic() && !ro && (explicitTxn || locking == Locking.WRITES);
    BeginOptions.Builder options = BeginOptions.builder()
        .readOnly(ro)
        .pessimistic(pessimistic)
        .isolation(pessimistic && explicitTxn ? s.isolation() : IsolationLevel.REPEATABLE_READ)
        .replicaRead(explicitTxn || locking == Locking.NONE ? s.replicaRead() : ReplicaReadMode.LEADER);
    if (stale) {
      options.startTs(staleTs).staleRead(true);
    }
    txn = storage.begin(options.build());
    lockWaitTimeout = s.lockWaitTimeout();
    lockedSinceBegin = false;
    explicit = explicitTxn;
  }

  /** Commits the open transaction, if any. */
  void commit() {
    if (txn == null) {
      return;
    }
    Transaction t = txn;
    InfoSchema s = schema;
    Set<Long> written = Set.copyOf(writtenTables);
    clear();
    try {
      catalog.commit(t, s, written);
    } finally {
      t.close();
    }
  }

  /** Rolls back the open transaction, if any. */
  void rollback() {
    if (txn == null) {
      return;
    }
    Transaction t = txn;
    clear();
    t.close();
  }

  /** The catalog as it was at {@code ts}: the newest one when no DDL committed since. */
  private InfoSchema schemaAt(long ts) {
    InfoSchema newest = catalog.refresh();
    Snapshot then = storage.snapshot(ts);
    return MetaStore.schemaVersion(then) == newest.version() ? newest : MetaStore.load(then);
  }

  private void clear() {
    txn = null;
    statementView = null;
    schema = null;
    explicit = false;
    writtenTables.clear();
  }

  /** The catalog version statements resolve names against: the transaction's, or the newest. */
  InfoSchema schema() {
    return txn != null ? schema : catalog.refresh();
  }

  /**
   * The transaction the running statement reads and writes through: the locking statement's
   * view while one runs, else the open transaction, or null.
   */
  Transaction current() {
    return statementView != null ? statementView : txn;
  }

  /**
   * The open transaction when the running statement reads its plain snapshot (no locking view is
   * active), else null.
   */
  Transaction plainReads() {
    return statementView != null ? null : txn;
  }

  /** Records that the transaction wrote {@code tableId} (for the commit-time schema check). */
  void wrote(long tableId) {
    writtenTables.add(tableId);
  }

  /** {@link #runStatement(boolean, Locking, Supplier)} for a statement that takes no locks. */
  <T> T runStatement(boolean autocommit, Supplier<T> body) {
    return runStatement(autocommit, Locking.NONE, body);
  }

  /**
   * Runs one statement in the open transaction, or in a new one: kept open afterwards when
   * {@code autocommit} is off, committed otherwise. The statement's writes are staged and
   * undone if it fails; a failing autocommit statement rolls its transaction back. The
   * statement locks as {@code locking} says when its transaction locks: a pessimistic one (an
   * explicit transaction, or a writing autocommit statement, in pessimistic mode), or for a
   * locking read any explicit one (see the class comment).
   * An autocommit statement whose commit fails with a retryable error (a write conflict, a
   * crossing schema change) runs again in a new transaction, up to {@link
   * #AUTOCOMMIT_ATTEMPTS} times in all: the statement is the whole transaction, so nothing the
   * client saw is lost.
   */
  <T> T runStatement(boolean autocommit, Locking locking, Supplier<T> body) {
    for (int attempt = 1; ; attempt++) {
      boolean own = txn == null && autocommit;
      if (txn == null) {
        open(!autocommit, false, locking, takeNextReadTs());
      }
      if (locking != Locking.NONE && txn.options().readOnly()) {
        if (!explicit) {
          rollback();
        }
        throw new ReadOnlyTransactionException();
      }
      T result;
      try {
        boolean locks = locking == Locking.WRITES && txn.options().pessimistic() || explicit && locking.reads();
        result = locks ? locked(locking, body) : staged(body);
      } catch (RuntimeException | Error e) {
        if (!explicit || e instanceof DeadlockException) {
          rollback();
        }
        throw e;
      }
      if (explicit) {
        return result;
      }
      try {
        commit();
        return result;
      } catch (KvException e) {
        if (!own || !e.retryable() || attempt >= AUTOCOMMIT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private <T> T staged(Supplier<T> body) {
    StagingHandle stage = txn.memBuffer().staging();
    try {
      T result = body.get();
      txn.memBuffer().release(stage);
      return result;
    } catch (RuntimeException | Error e) {
      if (txn != null && txn.isValid()) {
        txn.memBuffer().cleanup(stage);
      }
      throw e;
    }
  }

  /** Runs a statement that locks in the open transaction; see the class comment. */
  private <T> T locked(Locking locking, Supplier<T> body) {
    boolean pessimistic = txn.options().pessimistic();
    Duration wait = locking == Locking.READS_NOWAIT ? Duration.ZERO : lockWaitTimeout;
    for (int attempt = 1; ; attempt++) {
      // The first locking statement of a transaction reads at, and locks with, the start ts:
      // any commit since then is a conflict that sends it round again at a fresh ts, so this
      // is as current as a fresh ts, without asking the oracle for one.
      boolean atStart = !pessimistic || attempt == 1 && !lockedSinceBegin;
      long forUpdateTs = atStart ? txn.startTs() : storage.currentTimestamp();
      LockingStatementView view = new LockingStatementView(txn,
          atStart ? null : storage.snapshot(forUpdateTs, snapshotOptions(txn.options())), locking.reads());
      statementView = view;
      lockedSinceBegin = true;
      try {
        return staged(() -> {
          T result = body.get();
          txn.lockKeys(new LockOptions(forUpdateTs, wait), view.keysToLock());
          return result;
        });
      } catch (WriteConflictException e) {
        if (!pessimistic || attempt >= LOCKING_ATTEMPTS) {
          throw e;
        }
      } catch (LockWaitTimeoutException e) {
        if (locking == Locking.READS_NOWAIT) {
          throw new SqlException(3572, "HY000",
              "Statement aborted because lock(s) could not be acquired immediately and NOWAIT is set.", e);
        }
        throw e;
      } finally {
        statementView = null;
      }
    }
  }

  private static SnapshotOptions snapshotOptions(BeginOptions o) {
    return SnapshotOptions.builder()
        .priority(o.priority())
        .resourceGroup(o.resourceGroup())
        .txnScope(o.txnScope())
        .build();
  }
}
